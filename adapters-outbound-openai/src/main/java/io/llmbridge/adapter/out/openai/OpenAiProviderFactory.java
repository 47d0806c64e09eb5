package io.llmbridge.adapter.out.openai;

import io.llmbridge.adapter.support.http.UpstreamBody;
import io.llmbridge.application.port.out.provider.ChatProvider;
import io.llmbridge.application.port.out.provider.ChatProviderFactory;
import io.llmbridge.application.port.out.provider.InvalidProviderOption;
import io.llmbridge.application.port.out.provider.ProviderSettings;

import java.util.Map;
import java.util.Set;

/** {@code adapter: openai}: any service that speaks OpenAI's chat completions API. */
public final class OpenAiProviderFactory implements ChatProviderFactory {
    static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

    @Override
    public String adapter() {
        return "openai";
    }

    @Override
    public Set<String> options() {
        return Set.of(OpenAiChatProvider.STREAM_USAGE_OPTION, OpenAiChatProvider.RESPONSES_OPTION, UpstreamBody.MAX_SIZE_OPTION);
    }

    @Override
    public void validate(Map<String, Object> options) {
        streamUsage(options);
        nativeResponses(options);
        UpstreamBody.maxSize(options);
    }

    /** {@code responses: native} relays the Responses API to the upstream; {@code translate}, the default, answers it on chat completions. */
    static boolean nativeResponses(Map<String, Object> options) {
        Object value = options.getOrDefault(OpenAiChatProvider.RESPONSES_OPTION, "translate");
        if (!"native".equals(value) && !"translate".equals(value)) {
            throw new InvalidProviderOption(OpenAiChatProvider.RESPONSES_OPTION, "must be native or translate");
        }
        return "native".equals(value);
    }

    /** {@code stream_usage}, true unless set. */
    static boolean streamUsage(Map<String, Object> options) {
        Object value = options.getOrDefault(OpenAiChatProvider.STREAM_USAGE_OPTION, Boolean.TRUE);
        if (!(value instanceof Boolean flag)) {
            throw new InvalidProviderOption(OpenAiChatProvider.STREAM_USAGE_OPTION, "must be true or false");
        }
        return flag;
    }

    @Override
    public ChatProvider create(ProviderSettings settings) {
        return new OpenAiChatProvider(settings, Endpoint.chatCompletions(
                settings.baseUrl() == null ? DEFAULT_BASE_URL : settings.baseUrl()));
    }
}
