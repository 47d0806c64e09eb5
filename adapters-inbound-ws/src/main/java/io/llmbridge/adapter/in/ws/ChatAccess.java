package io.llmbridge.adapter.in.ws;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.llmbridge.application.port.in.AuthenticationUseCase;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.Transport;

import java.util.Optional;

/**
 * Who a chat runs for: the key sent with the chat message when there is one (it must then be
 * valid, whoever opened the socket), otherwise the key given at the upgrade. Either is checked
 * again for every chat, so a key revoked, disabled or expired while its socket stays open gets no
 * further chat on it.
 */
final class ChatAccess {
    private final AuthenticationUseCase authentication;
    private final Caller atUpgrade;
    private final String upgradeKey;

    /**
     * @param atUpgrade  the caller the {@code Authorization} header named at the upgrade; null when none was sent
     * @param upgradeKey that header's key, checked again for each chat; null when none was sent
     */
    private ChatAccess(AuthenticationUseCase authentication, Caller atUpgrade, String upgradeKey) {
        this.authentication = authentication;
        this.atUpgrade = atUpgrade;
        this.upgradeKey = upgradeKey;
    }

    /**
     * The access of a socket being opened: the caller named by its {@code Authorization} header, if it has one.
     * A refused key is audited with {@code clientIp}.
     *
     * @throws RequestException 401, refusing the upgrade, when that header holds no valid Bearer key
     */
    static ChatAccess atUpgrade(AuthenticationUseCase authentication, Headers headers, String clientIp) {
        Optional<String> authorization = headers.first(HeaderNames.AUTHORIZATION);
        if (authorization.isEmpty()) {
            return new ChatAccess(authentication, null, null);
        }
        String key = AuthenticationUseCase.bearerKey(authorization.get());
        if (key == null) {
            throw unauthorized("The Authorization header must be 'Bearer <access key>'.");
        }
        try {
            return new ChatAccess(authentication, authentication.authenticate(key,
                    RequestContext.received(Transport.WS, "ws.connect", clientIp)), key);
        } catch (BridgeException e) {
            throw unauthorized(e.getMessage());
        }
    }

    /** The caller the {@code Authorization} header named at the upgrade; null when none was sent. */
    Caller atUpgrade() {
        return atUpgrade;
    }

    /** @throws BridgeException {@code UNAUTHENTICATED} when the key is unknown or there is none */
    Caller caller(String apiKey, RequestContext context) {
        if (apiKey != null) {
            return authentication.authenticate(withoutScheme(apiKey), context);
        }
        if (upgradeKey != null) {
            return authentication.authenticate(upgradeKey, context);
        }
        throw BridgeException.of(ErrorKind.UNAUTHENTICATED, "You didn't provide an access key. Send it as \"api_key\" "
                + "in the chat message, or as 'Authorization: Bearer <key>' when opening the WebSocket.")
                .code("missing_api_key").build();
    }

    /** Original clients send the key alone or as a whole header value: both are taken. */
    private static String withoutScheme(String apiKey) {
        String key = AuthenticationUseCase.bearerKey(apiKey);
        return key != null ? key : apiKey.strip();
    }

    private static RequestException unauthorized(String message) {
        return UpgradeRefusal.of(Status.UNAUTHORIZED_401, message);
    }
}
