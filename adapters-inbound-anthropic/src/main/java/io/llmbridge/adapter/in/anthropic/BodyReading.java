package io.llmbridge.adapter.in.anthropic;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;
import jakarta.json.JsonException;

import java.util.Map;

/** A request body of this surface as a JSON object: the one way both of its endpoints read one. */
final class BodyReading {
    private BodyReading() {
    }

    /** @throws BridgeException 400 for a body that is not a JSON object */
    static Map<String, Object> parse(byte[] body) {
        try {
            return PlainJson.parseObject(body);
        } catch (PlainJson.NotAnObjectException e) {
            throw BridgeException.invalidRequest(null, "The request body must be a JSON object, not " + e.jsonType() + ".");
        } catch (JsonException e) {
            throw BridgeException.invalidRequest(null, "We could not parse the JSON body of your request: " + e.getMessage());
        }
    }
}
