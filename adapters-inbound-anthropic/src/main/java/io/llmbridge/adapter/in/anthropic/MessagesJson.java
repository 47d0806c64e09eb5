package io.llmbridge.adapter.in.anthropic;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;

/** Sends a JSON body, the way every whole answer of this surface goes out. */
final class MessagesJson {
    private MessagesJson() {
    }

    static void send(ServerResponse response, String json) {
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(json.getBytes(StandardCharsets.UTF_8));
    }
}
