package io.llmbridge.adapter.in.http;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;

/** Sends a JSON body, the way every answer of this API goes out. */
final class JsonResponses {
    private JsonResponses() {
    }

    static void send(ServerResponse response, String json) {
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(json.getBytes(StandardCharsets.UTF_8));
    }
}
