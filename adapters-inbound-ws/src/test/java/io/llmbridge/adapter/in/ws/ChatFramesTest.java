package io.llmbridge.adapter.in.ws;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ErrorKind;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChatFramesTest {
    private static final ChatChunk CHUNK = new ChatChunk("{\"choices\":[]}", null, null, null);
    private static final BridgeException LIMITED = BridgeException.of(ErrorKind.RATE_LIMITED, "slow down").code("rate_limit_exceeded").build();

    @Test
    void without_an_id_the_frames_are_the_original_protocols_sse_lines() {
        ChatFrames frames = ChatFrames.of(null);
        assertEquals("data: {\"choices\":[]}\n\n", frames.chunk(CHUNK));
        assertEquals("data: {\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\",\"code\":\"rate_limit_exceeded\"}}\n\n",
                frames.error(LIMITED));
        assertEquals("data: [DONE]\n\n", frames.done(true));
    }

    @Test
    void with_an_id_each_frame_is_an_envelope_naming_the_chat_as_the_client_wrote_it() {
        assertEquals("{\"id\":\"a\\\"b\",\"event\":\"chunk\",\"data\":{\"choices\":[]}}", ChatFrames.of("a\"b").chunk(CHUNK));
        ChatFrames numbered = ChatFrames.of(7L);
        assertEquals("{\"id\":7,\"event\":\"error\",\"data\":{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\","
                + "\"code\":\"rate_limit_exceeded\"}}}", numbered.error(LIMITED));
        assertEquals("{\"id\":7,\"event\":\"done\",\"data\":{\"cancelled\":true}}", numbered.done(true));
        assertEquals("{\"id\":7,\"event\":\"done\",\"data\":{\"cancelled\":false}}", numbered.done(false));
    }

    @Test
    void a_protocol_error_is_an_invalid_request_error_without_a_code() {
        assertEquals("{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\"}}",
                ChatFrames.protocolErrorJson(new ProtocolError("bad")));
    }
}
