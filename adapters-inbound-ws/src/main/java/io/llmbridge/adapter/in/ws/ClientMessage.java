package io.llmbridge.adapter.in.ws;

import io.llmbridge.adapter.support.json.PlainJson;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a client may send: {@code chat}, {@code cancel} or {@code ping}, each a JSON object with a {@code type}. */
sealed interface ClientMessage {

    /**
     * @param id the client's name for the chat (a string or an integer), or null for an original-protocol chat
     * @param apiKey the access key sent with the message as it was sent, or null when none was
     * @param payload the OpenAI chat request, with {@code stream} forced to true
     */
    record Chat(Object id, String apiKey, Map<String, Object> payload) implements ClientMessage {
        /** Without the key, should a chat ever be logged. */
        @Override
        public String toString() {
            return "Chat[id=" + id + ", apiKey=" + (apiKey == null ? "none" : "(hidden)") + ", model=" + payload.get("model") + "]";
        }
    }

    record Cancel(Object id) implements ClientMessage {
    }

    record Ping() implements ClientMessage {
    }

    /** @throws ProtocolError when the text is not a message this socket understands */
    static ClientMessage parse(String text) {
        Map<String, Object> message = object(text);
        if (!(message.get("type") instanceof String type)) {
            throw new ProtocolError((message.get("type") == null ? "The message has no 'type'" : "'type' must be a string")
                    + "; it must be \"chat\", \"cancel\" or \"ping\".");
        }
        return switch (type) {
            case "chat" -> chat(message);
            case "cancel" -> new Cancel(requiredId(message));
            case "ping" -> new Ping();
            default -> throw new ProtocolError("Unknown message type " + PlainJson.write(type)
                    + "; it must be \"chat\", \"cancel\" or \"ping\".");
        };
    }

    private static Map<String, Object> object(String text) {
        try {
            return PlainJson.parseObject(text);
        } catch (PlainJson.NotAnObjectException e) {
            throw new ProtocolError("A message must be a JSON object, not " + articled(e.jsonType()) + ".");
        } catch (RuntimeException e) {
            throw new ProtocolError("The message is not valid JSON.");
        }
    }

    private static Chat chat(Map<String, Object> message) {
        Object id = id(message);
        Object apiKey = message.get("api_key");
        if (apiKey != null && !(apiKey instanceof String)) {
            throw new ProtocolError("'api_key' must be a string.");
        }
        if (!(message.get("payload") instanceof Map<?, ?> payload)) {
            throw new ProtocolError(message.get("payload") == null
                    ? "A chat message needs a 'payload': the OpenAI chat completion request."
                    : "'payload' must be a JSON object: the OpenAI chat completion request.");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> streamed = new LinkedHashMap<>((Map<String, Object>) payload);
        // Frames are all this socket can send, so every chat streams whatever the client asked.
        streamed.put("stream", true);
        return new Chat(id, (String) apiKey, streamed);
    }

    private static Object requiredId(Map<String, Object> message) {
        Object id = id(message);
        if (id == null) {
            throw new ProtocolError("A cancel message needs the 'id' of the chat to stop.");
        }
        return id;
    }

    /** Ids are echoed back as they came, so only values whose JSON text is unambiguous are taken. */
    private static Object id(Map<String, Object> message) {
        Object id = message.get("id");
        if (id == null || id instanceof String || id instanceof Long) {
            return id;
        }
        throw new ProtocolError("'id' must be a string or an integer.");
    }

    private static String articled(String jsonType) {
        return "null".equals(jsonType) ? "null" : (jsonType.startsWith("a") ? "an " : "a ") + jsonType;
    }
}
