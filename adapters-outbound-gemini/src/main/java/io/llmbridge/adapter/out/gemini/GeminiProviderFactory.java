package io.llmbridge.adapter.out.gemini;

import io.llmbridge.adapter.support.http.UpstreamBody;
import io.llmbridge.application.port.out.provider.ChatProvider;
import io.llmbridge.application.port.out.provider.ChatProviderFactory;
import io.llmbridge.application.port.out.provider.ProviderSettings;

import java.time.Clock;
import java.util.Map;
import java.util.Set;

/** {@code adapter: gemini}: Google's Gemini through its native {@code generateContent} API. */
public final class GeminiProviderFactory implements ChatProviderFactory {
    static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com/v1beta";

    @Override
    public String adapter() {
        return "gemini";
    }

    @Override
    public Set<String> options() {
        return Set.of(UpstreamBody.MAX_SIZE_OPTION);
    }

    @Override
    public void validate(Map<String, Object> options) {
        UpstreamBody.maxSize(options);
    }

    @Override
    public ChatProvider create(ProviderSettings settings) {
        return new GeminiChatProvider(settings,
                new GeminiEndpoints(settings.baseUrl() == null ? DEFAULT_BASE_URL : settings.baseUrl()), Clock.systemUTC());
    }
}
