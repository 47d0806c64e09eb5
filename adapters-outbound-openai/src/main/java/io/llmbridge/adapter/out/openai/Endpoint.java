package io.llmbridge.adapter.out.openai;

import java.net.URI;

/** Where chat completions, embeddings and Responses are posted, from a configured {@code base_url}. */
final class Endpoint {
    private static final String PATH = "/chat/completions";

    private Endpoint() {
    }

    /**
     * Accepts the API root ({@code https://api.deepseek.com/v1}) or, as the original LLM Bridge
     * configuration wrote it, the full {@code .../chat/completions} URL.
     */
    static URI chatCompletions(String baseUrl) {
        String url = baseUrl.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        URI uri = URI.create(url.endsWith(PATH) ? url : url + PATH);
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("base_url must be an http or https URL, not '" + baseUrl + "'");
        }
        return uri;
    }

    /** Beside chat completions: {@code .../v1/chat/completions} gives {@code .../v1/embeddings}. */
    static URI embeddings(URI chatCompletions) {
        return beside(chatCompletions, "/embeddings");
    }

    /** Beside chat completions: {@code .../v1/chat/completions} gives {@code .../v1/responses}. */
    static URI responses(URI chatCompletions) {
        return beside(chatCompletions, "/responses");
    }

    private static URI beside(URI chatCompletions, String path) {
        String url = chatCompletions.toString();
        return URI.create(url.substring(0, url.length() - PATH.length()) + path);
    }
}
