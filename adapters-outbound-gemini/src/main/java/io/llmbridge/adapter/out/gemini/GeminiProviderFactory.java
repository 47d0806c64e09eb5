package io.llmbridge.adapter.out.gemini;

import io.llmbridge.application.port.out.provider.ChatProvider;
import io.llmbridge.application.port.out.provider.ChatProviderFactory;
import io.llmbridge.application.port.out.provider.ProviderSettings;

import java.time.Clock;

/** {@code adapter: gemini}: Google's Gemini through its native {@code generateContent} API. */
public final class GeminiProviderFactory implements ChatProviderFactory {
    static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com/v1beta";

    @Override
    public String adapter() {
        return "gemini";
    }

    @Override
    public ChatProvider create(ProviderSettings settings) {
        return new GeminiChatProvider(settings,
                new GeminiEndpoints(settings.baseUrl() == null ? DEFAULT_BASE_URL : settings.baseUrl()), Clock.systemUTC());
    }
}
