package io.llmbridge.adapter.in.anthropic;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.llmbridge.adapter.support.inbound.LargeBodies;
import io.llmbridge.adapter.support.inbound.RequestBodies;
import io.llmbridge.application.port.in.AuthenticationUseCase;
import io.llmbridge.application.port.in.ChatAdmission;
import io.llmbridge.application.port.in.ChatCompletionUseCase;
import io.llmbridge.application.port.in.PassThroughUseCase;
import io.llmbridge.application.port.out.TokenCounter;
import io.llmbridge.domain.TrustedProxies;

import java.time.Duration;

/**
 * Anthropic's Messages surface, {@code /messages} and {@code /messages/count_tokens}, for Claude
 * Code and the Anthropic SDKs; to register under {@code /v1} before the OpenAI surface. It
 * registers no catch-all: any other path falls through to the service registered after it.
 */
public final class AnthropicMessagesApi implements HttpService {
    private static final String MESSAGES = "/messages";
    private static final String COUNT_TOKENS = "/messages/count_tokens";

    private final MessagesEndpoint messages;
    private final TokenCountEndpoint tokenCount;

    /**
     * @param tokens         estimates {@code count_tokens}
     * @param maxBodyBytes   the largest request body accepted; larger ones get 413
     * @param trustedProxies the peers whose {@code X-Forwarded-For} names the client
     * @param bodyTimeout    how long a request body may take to arrive
     * @param admission      asked before each chat: refuses new ones while the gateway drains
     */
    public AnthropicMessagesApi(AuthenticationUseCase authentication, ChatCompletionUseCase chat, TokenCounter tokens,
                                long maxBodyBytes, TrustedProxies trustedProxies, Duration bodyTimeout, ChatAdmission admission) {
        this(authentication, chat, tokens, maxBodyBytes, trustedProxies, bodyTimeout, admission, null);
    }

    /** @param relay relays requests to providers that speak Messages byte for byte; null to translate every one */
    public AnthropicMessagesApi(AuthenticationUseCase authentication, ChatCompletionUseCase chat, TokenCounter tokens,
                                long maxBodyBytes, TrustedProxies trustedProxies, Duration bodyTimeout, ChatAdmission admission,
                                PassThroughUseCase relay) {
        // The heap's budget for large bodies is the process's, shared with the OpenAI surface.
        this(authentication, chat, tokens, new RequestBodies(maxBodyBytes, bodyTimeout, LargeBodies.ofHeap()), trustedProxies,
                admission, relay);
    }

    AnthropicMessagesApi(AuthenticationUseCase authentication, ChatCompletionUseCase chat, TokenCounter tokens,
                         RequestBodies bodies, TrustedProxies trustedProxies, ChatAdmission admission, PassThroughUseCase relay) {
        Reception reception = new Reception(authentication, trustedProxies);
        RelayedMessages relayed = new RelayedMessages(relay);
        this.messages = new MessagesEndpoint(reception, chat, bodies, admission, relayed);
        this.tokenCount = new TokenCountEndpoint(reception, tokens, bodies, relayed);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post(MESSAGES, ErrorAnswers.guarded(messages::messages))
                .post(COUNT_TOKENS, ErrorAnswers.guarded(tokenCount::countTokens))
                .any(MESSAGES, ErrorAnswers::methodNotAllowed)
                .any(COUNT_TOKENS, ErrorAnswers::methodNotAllowed);
    }
}
