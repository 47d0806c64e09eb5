package io.llmbridge.adapter.support.json;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON request body relayed to an upstream with only its top-level {@code model} string
 * replaced: every other byte (spacing, key order, number forms, escapes, fields the gateway does
 * not know) stays as the client wrote it. The body has already been parsed as a JSON object by
 * the time it is relayed, so the scan here only has to find the value, not to validate.
 */
public final class ModelRewrite {
    private static final byte[] MODEL_KEY = "\"model\"".getBytes(StandardCharsets.US_ASCII);

    private ModelRewrite() {
    }

    /**
     * The body with every top-level {@code "model": "…"} value replaced by {@code model}. A body
     * whose key is written with escapes ({@code "mod\u0065l"}) cannot be found byte for byte, and
     * is written again whole from its parsed form instead, with the model replaced.
     */
    public static byte[] of(byte[] body, String model) {
        List<int[]> spans = modelValues(body);
        if (spans.isEmpty()) {
            Map<String, Object> parsed = new LinkedHashMap<>(PlainJson.parseObject(body));
            parsed.put("model", model);
            return PlainJson.write(parsed).getBytes(StandardCharsets.UTF_8);
        }
        byte[] value = PlainJson.write(model).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + value.length);
        int copied = 0;
        for (int[] span : spans) {
            out.write(body, copied, span[0] - copied);
            out.write(value, 0, value.length);
            copied = span[1];
        }
        out.write(body, copied, body.length - copied);
        return out.toByteArray();
    }

    /** The [start, end) of each top-level {@code model} string value, quotes included. */
    private static List<int[]> modelValues(byte[] json) {
        List<int[]> spans = new ArrayList<>(1);
        int depth = 0;
        boolean expectingKey = false;
        int i = 0;
        while (i < json.length) {
            byte b = json[i];
            switch (b) {
                case '{', '[' -> {
                    depth++;
                    expectingKey = b == '{' && depth == 1;
                    i++;
                }
                case '}', ']' -> {
                    depth--;
                    i++;
                }
                case ',' -> {
                    expectingKey = depth == 1;
                    i++;
                }
                case '"' -> {
                    int end = stringEnd(json, i);
                    if (expectingKey && isModelKey(json, i, end)) {
                        int value = skipSpace(json, skipSpace(json, end) + 1); // past the colon
                        if (value < json.length && json[value] == '"') {
                            spans.add(new int[]{value, stringEnd(json, value)});
                        }
                    }
                    expectingKey = false;
                    i = end;
                }
                default -> i++;
            }
        }
        return spans;
    }

    private static boolean isModelKey(byte[] json, int start, int end) {
        return end - start == MODEL_KEY.length
                && java.util.Arrays.equals(json, start, end, MODEL_KEY, 0, MODEL_KEY.length);
    }

    /** Index just past the closing quote of the string that opens at {@code start}. */
    private static int stringEnd(byte[] json, int start) {
        int i = start + 1;
        while (i < json.length) {
            byte b = json[i];
            if (b == '\\') {
                i += 2;
            } else if (b == '"') {
                return i + 1;
            } else {
                i++;
            }
        }
        return json.length;
    }

    private static int skipSpace(byte[] json, int i) {
        while (i < json.length && (json[i] == ' ' || json[i] == '\t' || json[i] == '\n' || json[i] == '\r')) {
            i++;
        }
        return i;
    }
}
