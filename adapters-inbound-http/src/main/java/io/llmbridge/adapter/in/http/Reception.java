package io.llmbridge.adapter.in.http;

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

/** What every request on the API starts with: its id, the client's address, and who is calling. */
final class Reception {
    private static final HeaderName REQUEST_ID = HeaderNames.create("x-llmbridge-request-id");

    private final AuthenticationUseCase authentication;
    private final TrustedProxies trustedProxies;

    Reception(AuthenticationUseCase authentication, TrustedProxies trustedProxies) {
        this.authentication = authentication;
        this.trustedProxies = trustedProxies;
    }

    /** Every answer carries the request's id, so a client can quote it and an operator find it. */
    RequestContext context(ServerRequest req, ServerResponse res, String action) {
        RequestContext context = RequestContext.received(Transport.HTTP, action, clientIp(req));
        res.header(REQUEST_ID, context.requestId());
        return context;
    }

    /** @throws io.llmbridge.domain.BridgeException {@code UNAUTHENTICATED} when the key is missing or unknown */
    Caller caller(ServerRequest req, RequestContext context) {
        String authorization = req.headers().first(HeaderNames.AUTHORIZATION).orElse(null);
        return authentication.authenticate(authorization == null ? null : AuthenticationUseCase.bearerKey(authorization), context);
    }

    /** The peer that connected, or whom it forwards for when it is a trusted proxy. */
    private String clientIp(ServerRequest req) {
        InetAddress peer = req.remotePeer().address() instanceof InetSocketAddress inet ? inet.getAddress() : null;
        return trustedProxies.clientIp(peer, req.headers().all(HeaderNames.X_FORWARDED_FOR, List::of));
    }
}
