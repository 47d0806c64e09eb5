package io.llmbridge.domain;

import java.util.Map;

/**
 * A client's request in a provider's own API (the Responses API, Anthropic's Messages), to be
 * relayed to a provider that speaks it: every byte as the client sent it but the {@code model},
 * which the provider replaces with its upstream's id.
 *
 * @param body    the request body exactly as the client sent it
 * @param model   the body's {@code model}, as the client named it ({@code provider/model})
 * @param stream  the body's {@code stream} field
 * @param headers the client's headers the API says to forward, by lower-case name
 *                ({@code anthropic-version}, {@code anthropic-beta}); may be empty
 */
public record RelayedRequest(byte[] body, String model, boolean stream, Map<String, String> headers) {
    public RelayedRequest {
        java.util.Objects.requireNonNull(body, "body");
        java.util.Objects.requireNonNull(model, "model");
        headers = Map.copyOf(headers);
    }
}
