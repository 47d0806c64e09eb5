package io.llmbridge.adapter.in.ws;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MessageAssemblerTest {

    @Test
    void joins_fragments_into_one_message() {
        MessageAssembler assembler = new MessageAssembler(100);
        assertNull(assembler.append("{\"type\":", false));
        assertEquals("{\"type\":\"ping\"}", assembler.append("\"ping\"}", true));
    }

    @Test
    void counts_utf8_bytes_not_characters() {
        // Two 2-byte letters, a 3-byte euro sign and a 4-byte emoji (a surrogate pair): 11 bytes, 5 chars.
        String text = "éé€😀";
        assertEquals(text, new MessageAssembler(11).append(text, true));
        assertThrows(ProtocolError.class, () -> new MessageAssembler(10).append(text, true));
    }

    @Test
    void a_message_over_the_limit_is_refused_once_at_its_end_and_the_next_one_is_read_afresh() {
        MessageAssembler assembler = new MessageAssembler(5);
        assertNull(assembler.append("1234", false));
        assertNull(assembler.append("5678", false));
        assertThrows(ProtocolError.class, () -> assembler.append("9", true));
        assertEquals("12345", assembler.append("12345", true));
    }
}
