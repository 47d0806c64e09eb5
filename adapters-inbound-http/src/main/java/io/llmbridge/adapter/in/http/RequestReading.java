package io.llmbridge.adapter.in.http;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.EmbeddingRequest;
import jakarta.json.JsonException;

/** Reads a chat or embeddings request from a body read whole (see {@link RequestBodies}). */
final class RequestReading {
    private RequestReading() {
    }

    static ChatRequest chatRequest(byte[] body) {
        return ChatRequest.from(jsonObject(body));
    }

    static EmbeddingRequest embeddingRequest(byte[] body) {
        return EmbeddingRequest.from(jsonObject(body));
    }

    private static java.util.Map<String, Object> jsonObject(byte[] body) {
        try {
            return PlainJson.parseObject(body);
        } catch (PlainJson.NotAnObjectException e) {
            throw BridgeException.invalidRequest(null, "The request body must be a JSON object, not " + e.jsonType() + ".");
        } catch (JsonException e) {
            throw BridgeException.invalidRequest(null, "We could not parse the JSON body of your request: " + e.getMessage());
        }
    }
}
