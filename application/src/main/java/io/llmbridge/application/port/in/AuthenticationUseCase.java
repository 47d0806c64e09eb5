package io.llmbridge.application.port.in;

import io.llmbridge.domain.Caller;
import io.llmbridge.domain.RequestContext;

/**
 * Tells who is calling. Transports authenticate first, before reading a request's body, and
 * pass the caller on with each command; a WebSocket does it once per connection.
 */
public interface AuthenticationUseCase {
    /**
     * @param presentedKey the access key without its {@code Bearer} scheme; null when none was sent
     * @param context      the request, for the audit record of a refusal
     * @throws io.llmbridge.domain.BridgeException {@code UNAUTHENTICATED} when it is missing or unknown
     */
    Caller authenticate(String presentedKey, RequestContext context);

    /**
     * The key of an {@code Authorization} value, {@code Bearer <key>} (any case of the scheme),
     * as {@link #authenticate} takes it. Every transport reads the scheme alike, so it is read here.
     *
     * @return null when the value does not use the Bearer scheme or names no key
     */
    static String bearerKey(String authorization) {
        String scheme = "bearer ";
        String value = authorization.strip();
        return value.length() > scheme.length() && value.regionMatches(true, 0, scheme, 0, scheme.length())
                ? value.substring(scheme.length()).strip() : null;
    }
}
