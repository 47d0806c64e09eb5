package io.llmbridge.adapter.out.gemini;

import java.net.URI;

/**
 * Where Gemini's methods are posted, from a configured {@code base_url} such as
 * {@code https://generativelanguage.googleapis.com/v1beta}.
 */
record GeminiEndpoints(String base) {
    GeminiEndpoints {
        String url = base.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        URI uri = URI.create(url);
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("base_url must be an http or https URL, not '" + base + "'");
        }
        base = url;
    }

    URI generateContent(String model) {
        return URI.create(base + "/" + resource(model) + ":generateContent");
    }

    /** {@code alt=sse} makes Gemini stream server-sent events rather than one growing JSON array. */
    URI streamGenerateContent(String model) {
        return URI.create(base + "/" + resource(model) + ":streamGenerateContent?alt=sse");
    }

    URI batchEmbedContents(String model) {
        return URI.create(base + "/" + resource(model) + ":batchEmbedContents");
    }

    /** Model ids are configured bare ({@code gemini-2.5-flash}); tuned models come with their collection. */
    static String resource(String model) {
        return model.startsWith("models/") || model.startsWith("tunedModels/") ? model : "models/" + model;
    }
}
