package io.llmbridge.adapter.out.anthropic;

import io.llmbridge.adapter.support.http.UpstreamBody;
import io.llmbridge.application.port.out.provider.ChatProvider;
import io.llmbridge.application.port.out.provider.ChatProviderFactory;
import io.llmbridge.application.port.out.provider.InvalidProviderOption;
import io.llmbridge.application.port.out.provider.ProviderSettings;

import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/** {@code adapter: anthropic}: Claude through Anthropic's Messages API. */
public final class AnthropicProviderFactory implements ChatProviderFactory {
    static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
    /** Anthropic requires {@code max_tokens}; the provider option that gives it when neither request nor model does. */
    static final String DEFAULT_MAX_TOKENS_OPTION = "default_max_tokens";
    static final long DEFAULT_MAX_TOKENS = 4096;
    private static final String PATH = "/v1/messages";

    @Override
    public String adapter() {
        return "anthropic";
    }

    @Override
    public Set<String> options() {
        return Set.of(UpstreamBody.MAX_SIZE_OPTION, DEFAULT_MAX_TOKENS_OPTION);
    }

    @Override
    public void validate(Map<String, Object> options) {
        UpstreamBody.maxSize(options);
        defaultMaxTokens(options);
    }

    static long defaultMaxTokens(Map<String, Object> options) {
        Object value = options.getOrDefault(DEFAULT_MAX_TOKENS_OPTION, DEFAULT_MAX_TOKENS);
        if ((value instanceof Integer || value instanceof Long || value instanceof BigInteger)
                && ((Number) value).longValue() > 0 && ((Number) value).longValue() <= Integer.MAX_VALUE) {
            return ((Number) value).longValue();
        }
        throw new InvalidProviderOption(DEFAULT_MAX_TOKENS_OPTION, "must be a positive whole number of tokens");
    }

    @Override
    public ChatProvider create(ProviderSettings settings) {
        return new AnthropicChatProvider(settings, messages(settings.baseUrl() == null ? DEFAULT_BASE_URL : settings.baseUrl()),
                Clock.systemUTC());
    }

    /** Accepts the API's root ({@code https://api.anthropic.com}), its {@code /v1}, or the whole {@code /v1/messages} URL. */
    static URI messages(String baseUrl) {
        String url = baseUrl.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        URI uri = URI.create(url.endsWith(PATH) ? url : url.endsWith("/v1") ? url + "/messages" : url + PATH);
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("base_url must be an http or https URL, not '" + baseUrl + "'");
        }
        return uri;
    }
}
