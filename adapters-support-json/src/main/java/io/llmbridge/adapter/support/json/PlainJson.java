package io.llmbridge.adapter.support.json;

import jakarta.json.JsonException;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import org.eclipse.parsson.api.BufferPool;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON into plain Java values and writes them back, streaming over JSON-P: objects become
 * order-keeping {@code LinkedHashMap}s, arrays {@code ArrayList}s, integral numbers {@code Long}
 * (or {@code BigInteger}), other numbers {@code BigDecimal} with their written scale, so a value
 * read and written again keeps its text.
 *
 * <p>Every way a document can fail to be read, a limit included, is a {@link JsonException} with
 * a message a client can act on: nesting deeper than {@link #MAX_DEPTH} levels, a number longer
 * than {@link #MAX_NUMBER_CHARS} characters or with an exponent out of range. Without that, such
 * input surfaced as Parsson's plain {@code RuntimeException}, {@code UnsupportedOperationException}
 * or {@code NumberFormatException}, which callers answer as an internal error.
 */
public final class PlainJson {
    /** Levels of objects and arrays a document may nest; Parsson's own limit is set just above. */
    public static final int MAX_DEPTH = 1000;
    /** Characters of one number (Parsson's limit): converting a longer one costs super-linear CPU. */
    public static final int MAX_NUMBER_CHARS = 1100;

    private PlainJson() {
    }

    /**
     * Parses a document whose top level must be an object.
     *
     * @throws JsonException when the text is not JSON
     * @throws NotAnObjectException when it is JSON but not an object
     */
    public static Map<String, Object> parseObject(InputStream in) {
        try (JsonParser parser = JsonFactories.PARSERS.createParser(in, StandardCharsets.UTF_8)) {
            return asObject(readDocument(parser));
        }
    }

    /** Documents from this size on are parsed with one buffer that holds them whole. */
    static final int LARGE_DOCUMENT_BYTES = 256 * 1024;

    /** Like {@link #parseObject(InputStream)}, from a whole UTF-8 document. */
    public static Map<String, Object> parseObject(byte[] utf8) {
        if (utf8.length < LARGE_DOCUMENT_BYTES) {
            // From text, not a stream: a stream reader would allocate an 8 KiB decode buffer.
            String text = new String(utf8, StandardCharsets.UTF_8);
            if (text.indexOf('\uFFFD') >= 0) {
                requireUtf8(utf8); // a replaced malformed byte, or a U+FFFD sent as such
            }
            return parseObject(text);
        }
        // A large document is mostly one long string (an image sent inline). The parser's buffer
        // starts at 4 KiB and doubles until that string fits: a 9 MiB body passed through 32 MiB
        // of char arrays, plus a String copy of itself. One buffer as large as the document
        // (UTF-8 never has fewer bytes than chars), filled from the bytes, needs neither.
        BufferPool wholeDocument = new WholeDocumentBuffer(utf8.length + 1);
        JsonParserFactory parsers = JsonFactories.PROVIDER.createParserFactory(JsonFactories.config(wholeDocument));
        try (JsonParser parser = parsers.createParser(
                new InputStreamReader(new ByteArrayInputStream(utf8), StandardCharsets.UTF_8.newDecoder()))) {
            return asObject(readDocument(parser));
        } catch (JsonException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw notUtf8();
            }
            throw e;
        }
    }

    /**
     * Malformed UTF-8 is refused, not read with replacement characters: what the client meant is
     * unknown, and the gateway would forward text it never sent.
     */
    private static void requireUtf8(byte[] utf8) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(utf8));
        } catch (CharacterCodingException e) {
            throw notUtf8();
        }
    }

    private static JsonException notUtf8() {
        return new JsonException("the text is not valid UTF-8");
    }

    /** Like {@link #parseObject(InputStream)}, from text. */
    public static Map<String, Object> parseObject(String text) {
        return parseObject(new StringReader(text));
    }

    public static Map<String, Object> parseObject(Reader reader) {
        try (JsonParser parser = JsonFactories.PARSERS.createParser(reader)) {
            return asObject(readDocument(parser));
        }
    }

    /** Parses any JSON value. */
    public static Object parse(String text) {
        try (JsonParser parser = JsonFactories.PARSERS.createParser(new StringReader(text))) {
            return readDocument(parser);
        }
    }

    public static String write(Object value) {
        StringWriter out = new StringWriter(256);
        write(value, out);
        return out.toString();
    }

    public static void write(Object value, Writer out) {
        try (JsonGenerator generator = JsonFactories.GENERATORS.createGenerator(out)) {
            writeValue(generator, null, value);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Object value) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new NotAnObjectException(value);
    }

    private static Object readDocument(JsonParser parser) {
        try {
            if (!parser.hasNext()) {
                throw new JsonException("empty document");
            }
            Object value = readValue(parser, parser.next(), 0);
            if (parser.hasNext()) {
                throw new JsonException("unexpected content after the JSON value");
            }
            return value;
        } catch (JsonException e) {
            throw e;
        } catch (RuntimeException unforeseen) {
            // A limit or check the parser gained without a JsonException of its own.
            throw new JsonException("the JSON could not be read: " + unforeseen.getMessage(), unforeseen);
        }
    }

    private static Object readValue(JsonParser parser, JsonParser.Event event, int depth) {
        return switch (event) {
            case START_OBJECT -> readObject(parser, nested(depth));
            case START_ARRAY -> readArray(parser, nested(depth));
            case VALUE_STRING -> parser.getString();
            case VALUE_NUMBER -> readNumber(parser);
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new JsonException("unexpected " + event);
        };
    }

    private static int nested(int depth) {
        if (depth == MAX_DEPTH) {
            throw new JsonException("the JSON is nested deeper than " + MAX_DEPTH + " levels");
        }
        return depth + 1;
    }

    private static Map<String, Object> readObject(JsonParser parser, int depth) {
        Map<String, Object> object = new LinkedHashMap<>();
        while (parser.next() != JsonParser.Event.END_OBJECT) {
            String key = parser.getString();
            object.put(key, readValue(parser, parser.next(), depth));
        }
        return object;
    }

    private static List<Object> readArray(JsonParser parser, int depth) {
        List<Object> array = new ArrayList<>();
        JsonParser.Event event;
        while ((event = parser.next()) != JsonParser.Event.END_ARRAY) {
            array.add(readValue(parser, event, depth));
        }
        return array;
    }

    private static Object readNumber(JsonParser parser) {
        BigDecimal decimal;
        try {
            decimal = parser.getBigDecimal();
        } catch (UnsupportedOperationException tooLong) {
            throw new JsonException("a JSON number is longer than " + MAX_NUMBER_CHARS + " characters");
        } catch (NumberFormatException | ArithmeticException badExponent) {
            throw new JsonException("a JSON number's exponent is out of range");
        }
        if (parser.isIntegralNumber()) {
            try {
                return decimal.longValueExact();
            } catch (ArithmeticException tooLarge) {
                return decimal.toBigIntegerExact();
            }
        }
        return decimal;
    }

    private static void writeValue(JsonGenerator generator, String key, Object value) {
        if (value == null) {
            if (key == null) generator.writeNull(); else generator.writeNull(key);
        } else if (value instanceof String text) {
            if (key == null) generator.write(text); else generator.write(key, text);
        } else if (value instanceof Boolean flag) {
            if (key == null) generator.write(flag); else generator.write(key, flag);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            long number = ((Number) value).longValue();
            if (key == null) generator.write(number); else generator.write(key, number);
        } else if (value instanceof BigDecimal decimal) {
            if (key == null) generator.write(decimal); else generator.write(key, decimal);
        } else if (value instanceof BigInteger integer) {
            if (key == null) generator.write(integer); else generator.write(key, integer);
        } else if (value instanceof Number number) {
            BigDecimal decimal = new BigDecimal(number.toString());
            if (key == null) generator.write(decimal); else generator.write(key, decimal);
        } else if (value instanceof Map<?, ?> map) {
            if (key == null) generator.writeStartObject(); else generator.writeStartObject(key);
            map.forEach((name, item) -> writeValue(generator, String.valueOf(name), item));
            generator.writeEnd();
        } else if (value instanceof Iterable<?> items) {
            if (key == null) generator.writeStartArray(); else generator.writeStartArray(key);
            items.forEach(item -> writeValue(generator, null, item));
            generator.writeEnd();
        } else {
            throw new IllegalArgumentException("not a plain JSON value: " + value.getClass().getName());
        }
    }

    /** The document is valid JSON but its top level is not an object. */
    /** Hands out one buffer of a given size, for a single parser. */
    private record WholeDocumentBuffer(int chars) implements BufferPool {
        @Override
        public char[] take() {
            return new char[chars];
        }

        @Override
        public void recycle(char[] buffer) {
            // garbage once the parser is closed
        }
    }

    public static final class NotAnObjectException extends RuntimeException {
        private final String jsonType;

        NotAnObjectException(Object value) {
            super("the JSON document is not an object");
            this.jsonType = value == null ? "null" : value instanceof List<?> ? "array"
                    : value instanceof String ? "string" : value instanceof Boolean ? "boolean" : "number";
        }

        /** The JSON type the document has instead. */
        public String jsonType() {
            return jsonType;
        }
    }
}
