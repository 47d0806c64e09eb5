package io.llmbridge.adapter.in.http;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.EmbeddingRequest;
import io.llmbridge.adapter.support.inbound.RequestBodies;
import jakarta.json.JsonException;

import java.util.Map;

/** Reads JSON requests from bodies read whole (see {@link RequestBodies}). */
final class RequestReading {
    private RequestReading() {
    }

    static ChatRequest chatRequest(byte[] body) {
        return ChatRequest.from(object(body));
    }

    static EmbeddingRequest embeddingRequest(byte[] body) {
        return EmbeddingRequest.from(object(body));
    }

    /** The body as a JSON object; anything else is the client's mistake. */
    static Map<String, Object> object(byte[] body) {
        try {
            return PlainJson.parseObject(body);
        } catch (PlainJson.NotAnObjectException e) {
            throw BridgeException.invalidRequest(null, "The request body must be a JSON object, not " + e.jsonType() + ".");
        } catch (JsonException e) {
            throw BridgeException.invalidRequest(null, "We could not parse the JSON body of your request: " + e.getMessage());
        }
    }
}
