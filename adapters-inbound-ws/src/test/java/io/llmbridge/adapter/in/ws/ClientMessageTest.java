package io.llmbridge.adapter.in.ws;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClientMessageTest {

    @Test
    void a_chat_keeps_its_id_key_and_payload_and_always_streams() {
        ClientMessage.Chat chat = assertInstanceOf(ClientMessage.Chat.class, ClientMessage.parse(
                "{\"type\":\"chat\",\"id\":\"a\",\"api_key\":\"k\",\"payload\":{\"model\":\"m\",\"stream\":false}}"));
        assertEquals("a", chat.id());
        assertEquals("k", chat.apiKey());
        assertEquals(Map.of("model", "m", "stream", true), chat.payload());
    }

    @Test
    void an_original_chat_has_neither_id_nor_key() {
        ClientMessage.Chat chat = assertInstanceOf(ClientMessage.Chat.class,
                ClientMessage.parse("{\"type\":\"chat\",\"payload\":{\"model\":\"m\"}}"));
        assertNull(chat.id());
        assertNull(chat.apiKey());
    }

    @Test
    void integer_ids_stay_integers_so_they_are_echoed_as_sent() {
        assertEquals(new ClientMessage.Cancel(7L), ClientMessage.parse("{\"type\":\"cancel\",\"id\":7}"));
    }

    @Test
    void a_ping_is_understood() {
        assertEquals(new ClientMessage.Ping(), ClientMessage.parse("{\"type\":\"ping\"}"));
    }

    @Test
    void the_key_is_not_shown_when_a_chat_is_printed() {
        String printed = ClientMessage.parse("{\"type\":\"chat\",\"api_key\":\"sk-secret\",\"payload\":{}}").toString();
        assertFalse(printed.contains("sk-secret"), printed);
    }

    @Test
    void each_malformed_message_is_refused_with_what_is_wrong() {
        assertRefused("not json", "The message is not valid JSON.");
        assertRefused("[1]", "A message must be a JSON object, not an array.");
        assertRefused("null", "A message must be a JSON object, not null.");
        assertRefused("{}", "The message has no 'type'; it must be \"chat\", \"cancel\" or \"ping\".");
        assertRefused("{\"type\":1}", "'type' must be a string; it must be \"chat\", \"cancel\" or \"ping\".");
        assertRefused("{\"type\":\"hello\"}", "Unknown message type \"hello\"; it must be \"chat\", \"cancel\" or \"ping\".");
        assertRefused("{\"type\":\"cancel\"}", "A cancel message needs the 'id' of the chat to stop.");
        assertRefused("{\"type\":\"cancel\",\"id\":1.5}", "'id' must be a string or an integer.");
        assertRefused("{\"type\":\"chat\",\"id\":true,\"payload\":{}}", "'id' must be a string or an integer.");
        assertRefused("{\"type\":\"chat\",\"api_key\":1,\"payload\":{}}", "'api_key' must be a string.");
        assertRefused("{\"type\":\"chat\"}", "A chat message needs a 'payload': the OpenAI chat completion request.");
        assertRefused("{\"type\":\"chat\",\"payload\":[]}", "'payload' must be a JSON object: the OpenAI chat completion request.");
    }

    private static void assertRefused(String text, String message) {
        assertEquals(message, assertThrows(ProtocolError.class, () -> ClientMessage.parse(text)).getMessage(), text);
    }
}
