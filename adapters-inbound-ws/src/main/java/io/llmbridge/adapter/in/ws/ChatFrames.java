package io.llmbridge.adapter.in.ws;

import io.llmbridge.adapter.support.json.OpenAiErrors;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ErrorKind;

import java.util.LinkedHashMap;
import java.util.Map;

/** The text of the frames of one chat, in one of the two styles a client chooses by sending an {@code id} or not. */
sealed interface ChatFrames {

    String chunk(ChatChunk chunk);

    String error(BridgeException error);

    /** The last frame of every chat, however it ended. */
    String done(boolean cancelled);

    static ChatFrames of(Object id) {
        return id == null ? new Original() : new Envelope(PlainJson.write(id));
    }

    /** {@code {"error":{"message","type","code"}}}: the fields the original protocol sent. */
    static String errorJson(BridgeException error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", error.getMessage());
        body.put("type", OpenAiErrors.type(error.kind()));
        body.put("code", error.code());
        return OpenAiErrors.wrap(body);
    }

    /** {@code {"error":{"message","type"}}}: a message that belongs to no chat. */
    static String protocolErrorJson(ProtocolError error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", error.getMessage());
        body.put("type", OpenAiErrors.type(ErrorKind.INVALID_REQUEST));
        return OpenAiErrors.wrap(body);
    }

    /** The original LLM Bridge frames, byte for byte: what OpenAI's SSE stream would carry. */
    record Original() implements ChatFrames {
        @Override
        public String chunk(ChatChunk chunk) {
            return "data: " + chunk.json() + "\n\n";
        }

        @Override
        public String error(BridgeException error) {
            return "data: " + errorJson(error) + "\n\n";
        }

        @Override
        public String done(boolean cancelled) {
            return "data: [DONE]\n\n";
        }
    }

    /** {@code {"id":…,"event":"chunk"|"error"|"done","data":{…}}}, so chats can share a connection. */
    record Envelope(String idJson) implements ChatFrames {
        @Override
        public String chunk(ChatChunk chunk) {
            return frame("chunk", chunk.json());
        }

        @Override
        public String error(BridgeException error) {
            return frame("error", errorJson(error));
        }

        @Override
        public String done(boolean cancelled) {
            return frame("done", cancelled ? "{\"cancelled\":true}" : "{\"cancelled\":false}");
        }

        // The chunk is already JSON text: it is placed as it is rather than parsed and written again.
        private String frame(String event, String dataJson) {
            return "{\"id\":" + idJson + ",\"event\":\"" + event + "\",\"data\":" + dataJson + "}";
        }
    }
}
