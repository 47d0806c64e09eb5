package io.llmbridge.adapter.out.gemini;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A message's {@code content} (a string or an array of typed parts) → Gemini {@code parts}. */
final class ContentParts {
    private ContentParts() {
    }

    /** Adds the Gemini part(s) for one typed OpenAI part. */
    private interface PartRule {
        void add(List<Map<String, Object>> parts, String type, Map<String, Object> part, String at);
    }

    /** What a user may send: text, images, audio and files. */
    static List<Map<String, Object>> user(Object content, String path) {
        return translate(content, path, (parts, type, part, at) -> {
            switch (type) {
                case "text" -> addText(parts, requiredString(part, "text", at));
                case "image_url" -> parts.add(image(part.get("image_url"), at + ".image_url"));
                case "input_audio" -> parts.add(audio(Values.object(part, "input_audio"), at + ".input_audio"));
                case "file" -> parts.add(file(Values.object(part, "file"), at + ".file"));
                default -> throw Refusals.untranslatable(at + ".type", "Gemini takes text, image_url, input_audio and file parts, not '" + type + "'.");
            }
        });
    }

    /**
     * What Gemini only takes as text (system instructions, the model's own earlier turns): a
     * string, or text parts; a past refusal is what the model said, so it is text too.
     */
    static List<Map<String, Object>> text(Object content, String path) {
        return translate(content, path, (parts, type, part, at) -> {
            if (!"text".equals(type) && !"refusal".equals(type)) {
                throw Refusals.untranslatable(at + ".type", "Gemini takes only text here, not '" + type + "' parts.");
            }
            addText(parts, requiredString(part, type, at));
        });
    }

    private static List<Map<String, Object>> translate(Object content, String path, PartRule rule) {
        List<Map<String, Object>> parts = new ArrayList<>();
        if (content instanceof String text) {
            addText(parts, text);
            return parts;
        }
        List<?> items = content instanceof List<?> list ? list : List.of();
        for (int i = 0; i < items.size(); i++) {
            Map<String, Object> part = Values.object(items.get(i));
            String type = Values.string(part, "type");
            rule.add(parts, type == null ? "" : type, part, path + "[" + i + "]");
        }
        return parts;
    }

    /** Empty text is skipped: Gemini refuses an empty text part, and it says nothing. */
    static void addText(List<Map<String, Object>> parts, String text) {
        if (!text.isEmpty()) {
            parts.add(Map.of("text", text));
        }
    }

    private static Map<String, Object> image(Object value, String path) {
        Object url = value instanceof Map<?, ?> image ? image.get("url") : value;
        if (!(url instanceof String address)) {
            throw Refusals.invalid(path + ".url", "a string", url);
        }
        if (address.regionMatches(true, 0, "data:", 0, 5)) {
            return inlineData(address, path + ".url");
        }
        URI uri;
        try {
            uri = URI.create(address);
        } catch (IllegalArgumentException e) {
            throw Refusals.invalid(path + ".url", "a data: or http(s) URL", address);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw Refusals.untranslatable(path + ".url", "Gemini reads images from data: and http(s) URLs only.");
        }
        Map<String, Object> fileData = new LinkedHashMap<>();
        fileData.put("mimeType", MediaTypes.guessImage(uri));
        fileData.put("fileUri", address);
        return Map.of("fileData", fileData);
    }

    private static Map<String, Object> audio(Map<String, Object> audio, String path) {
        String data = requiredString(audio, "data", path);
        String format = Values.string(audio, "format");
        String mimeType = MediaTypes.audio(format);
        if (mimeType == null) {
            throw Refusals.untranslatable(path + ".format", "Gemini reads wav, mp3, flac, aac, ogg and aiff audio, not '" + format + "'.");
        }
        return inline(mimeType, data);
    }

    /** OpenAI's file parts carry the file inline as a data URL, or refer to its Files API. */
    private static Map<String, Object> file(Map<String, Object> file, String path) {
        if (file != null && file.get("file_id") != null) {
            throw Refusals.untranslatable(path + ".file_id", "it names a file stored at OpenAI, which Gemini cannot read.");
        }
        return inlineData(requiredString(file, "file_data", path), path + ".file_data");
    }

    /** {@code data:<mime type>[;param...];base64,<data>} → {@code inlineData}. */
    private static Map<String, Object> inlineData(String url, String path) {
        int comma = url.indexOf(',');
        String header = comma < 0 ? "" : url.substring(5, comma);
        String[] fields = header.split(";");
        boolean base64 = fields.length > 1 && "base64".equalsIgnoreCase(fields[fields.length - 1]);
        if (!base64 || fields[0].isBlank()) {
            throw Refusals.invalid(path, "a data URL of the form data:<mime type>;base64,<data>",
                    url.substring(0, Math.min(url.length(), 40)));
        }
        return inline(fields[0].toLowerCase(Locale.ROOT), url.substring(comma + 1));
    }

    private static Map<String, Object> inline(String mimeType, String data) {
        Map<String, Object> inlineData = new LinkedHashMap<>();
        inlineData.put("mimeType", mimeType);
        inlineData.put("data", data);
        return Map.of("inlineData", inlineData);
    }

    private static String requiredString(Map<String, Object> object, String field, String path) {
        Object value = object == null ? null : object.get(field);
        if (!(value instanceof String text)) {
            throw Refusals.invalid(path + "." + field, "a string", value);
        }
        return text;
    }
}
