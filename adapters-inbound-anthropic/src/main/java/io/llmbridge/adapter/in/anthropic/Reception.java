package io.llmbridge.adapter.in.anthropic;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmbridge.application.port.in.AuthenticationUseCase;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.Transport;
import io.llmbridge.domain.TrustedProxies;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * What every request on the Messages surface starts with: its id, the client's address, and who
 * is calling. Anthropic's clients send the key as {@code x-api-key} ({@code ANTHROPIC_API_KEY})
 * or as a bearer token ({@code ANTHROPIC_AUTH_TOKEN}); either is an access key of the gateway.
 */
final class Reception {
    private static final HeaderName REQUEST_ID = HeaderNames.create("x-llmbridge-request-id");
    private static final HeaderName API_KEY = HeaderNames.create("x-api-key");

    private final AuthenticationUseCase authentication;
    private final TrustedProxies trustedProxies;

    Reception(AuthenticationUseCase authentication, TrustedProxies trustedProxies) {
        this.authentication = authentication;
        this.trustedProxies = trustedProxies;
    }

    RequestContext context(ServerRequest req, ServerResponse res) {
        // The action of a chat completion: usage, audit and metrics treat both surfaces alike.
        RequestContext context = RequestContext.received(Transport.HTTP, RequestContext.CHAT_COMPLETION, clientIp(req));
        res.header(REQUEST_ID, context.requestId());
        return context;
    }

    /** @throws io.llmbridge.domain.BridgeException {@code UNAUTHENTICATED} when the key is missing or unknown */
    Caller caller(ServerRequest req, RequestContext context) {
        String key = req.headers().first(API_KEY).map(String::strip).filter(k -> !k.isEmpty())
                .orElseGet(() -> req.headers().first(HeaderNames.AUTHORIZATION).map(AuthenticationUseCase::bearerKey).orElse(null));
        return authentication.authenticate(key, context);
    }

    private String clientIp(ServerRequest req) {
        InetAddress peer = req.remotePeer().address() instanceof InetSocketAddress inet ? inet.getAddress() : null;
        return trustedProxies.clientIp(peer, req.headers().all(HeaderNames.X_FORWARDED_FOR, List::of));
    }
}
