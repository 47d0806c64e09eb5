package io.llmbridge.bootstrap;

import io.llmbridge.adapter.support.json.PlainJson;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the gateway's WebSocket frames look like, and checks on them. */
final class WsFrames {
    static final String DONE = "data: [DONE]\n\n";

    private WsFrames() {
    }

    /** An original-protocol frame. */
    static String data(String json) {
        return "data: " + json + "\n\n";
    }

    /** A multiplexed frame. */
    static String envelope(String id, String event, String dataJson) {
        return "{\"id\":\"" + id + "\",\"event\":\"" + event + "\",\"data\":" + dataJson + "}";
    }

    static String doneEnvelope(String id, boolean cancelled) {
        return envelope(id, "done", "{\"cancelled\":" + cancelled + "}");
    }

    /** The end of a chat whose scripted upstream has just finished: its last chunk and its done. */
    static void assertFinished(WsTestClient client, String id) {
        String stop = OpenAiChunks.content("", "stop");
        if (id == null) {
            assertEquals(List.of(data(stop), DONE), List.of(client.next(), client.next()));
        } else {
            assertEquals(List.of(envelope(id, "chunk", stop), doneEnvelope(id, false)), List.of(client.next(), client.next()));
        }
    }

    /** An original-protocol chat error: {@code {"error":{"message","type","code"}}}, then [DONE]. */
    static void assertChatError(WsTestClient client, String type, String code) {
        String frame = client.next();
        assertTrue(frame.startsWith("data: ") && frame.endsWith("\n\n"), frame);
        Map<String, Object> error = errorOf(PlainJson.parseObject(frame.substring(6, frame.length() - 2)));
        assertEquals(List.of("message", "type", "code"), List.copyOf(error.keySet()), frame);
        assertEquals(type, error.get("type"), frame);
        assertEquals(code, error.get("code"), frame);
        assertEquals(DONE, client.next());
    }

    /** {@code {"error":{"message":…,"type":"invalid_request_error"}}} and nothing more. */
    static void assertProtocolError(String frame, String answerTo) {
        Map<String, Object> error = errorOf(PlainJson.parseObject(frame));
        assertEquals(List.of("message", "type"), List.copyOf(error.keySet()), "answer to " + answerTo + ": " + frame);
        assertEquals("invalid_request_error", error.get("type"), frame);
        assertTrue(error.get("message") instanceof String text && !text.isBlank(), frame);
    }

    /** The text the echo provider streamed, from original-protocol frames ending with [DONE]. */
    static String echoed(List<String> frames) {
        List<Map<String, Object>> chunks = new ArrayList<>();
        for (String frame : frames.subList(0, frames.size() - 1)) {
            assertTrue(frame.startsWith("data: ") && frame.endsWith("\n\n"), frame);
            chunks.add(PlainJson.parseObject(frame.substring(6, frame.length() - 2)));
        }
        return content(chunks);
    }

    /** The text the echo provider streamed in the chat {@code id}, read up to its done, which must not say cancelled. */
    @SuppressWarnings("unchecked")
    static String echoedIn(WsTestClient client, String id) {
        List<Map<String, Object>> chunks = new ArrayList<>();
        while (true) {
            Map<String, Object> frame = PlainJson.parseObject(client.next());
            assertEquals(id, frame.get("id"), frame.toString());
            if ("done".equals(frame.get("event"))) {
                assertEquals(Map.of("cancelled", false), frame.get("data"));
                return content(chunks);
            }
            assertEquals("chunk", frame.get("event"), frame.toString());
            chunks.add((Map<String, Object>) frame.get("data"));
        }
    }

    @SuppressWarnings("unchecked")
    private static String content(List<Map<String, Object>> chunks) {
        StringBuilder text = new StringBuilder();
        for (Map<String, Object> chunk : chunks) {
            assertEquals("chat.completion.chunk", chunk.get("object"), chunk.toString());
            var choices = (List<Map<String, Object>>) chunk.get("choices");
            if (!choices.isEmpty() && ((Map<String, Object>) choices.get(0).get("delta")).get("content") instanceof String part) {
                text.append(part);
            }
        }
        return text.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> errorOf(Map<String, Object> json) {
        assertEquals(List.of("error"), List.copyOf(json.keySet()), json.toString());
        return (Map<String, Object>) json.get("error");
    }
}
