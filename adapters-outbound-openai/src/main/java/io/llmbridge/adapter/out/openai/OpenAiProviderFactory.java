package io.llmbridge.adapter.out.openai;

import io.llmbridge.application.port.out.provider.ChatProvider;
import io.llmbridge.application.port.out.provider.ChatProviderFactory;
import io.llmbridge.application.port.out.provider.ProviderSettings;

/** {@code adapter: openai}: any service that speaks OpenAI's chat completions API. */
public final class OpenAiProviderFactory implements ChatProviderFactory {
    static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

    @Override
    public String adapter() {
        return "openai";
    }

    @Override
    public ChatProvider create(ProviderSettings settings) {
        return new OpenAiChatProvider(settings, Endpoint.chatCompletions(
                settings.baseUrl() == null ? DEFAULT_BASE_URL : settings.baseUrl()));
    }
}
