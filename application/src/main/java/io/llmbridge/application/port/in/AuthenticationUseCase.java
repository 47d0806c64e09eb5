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
}
