package io.llmbridge.adapter.support.http;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SseEventReaderTest {

    @Test
    void reads_data_of_each_event_with_or_without_a_space_after_the_colon() throws IOException {
        assertEquals(List.of("{\"a\":1}", "{\"b\":2}", "[DONE]"),
                events("data: {\"a\":1}\n\ndata:{\"b\":2}\n\ndata: [DONE]\n\n"));
    }

    @Test
    void skips_comments_other_fields_and_events_without_data() throws IOException {
        assertEquals(List.of("x", "y"),
                events(": keep-alive\n\nevent: message\nid: 7\nretry: 10\ndata: x\n\n: ping\n\n\n\ndata: y\n\n"));
    }

    @Test
    void joins_several_data_lines_of_one_event_with_newlines() throws IOException {
        assertEquals(List.of("{\n\"a\": 1\n}", "z"), events("data: {\ndata: \"a\": 1\ndata: }\n\ndata: z\n\n"));
    }

    @Test
    void accepts_lf_cr_and_crlf_line_ends() throws IOException {
        assertEquals(List.of("a", "b", "c"), events("data: a\r\n\r\ndata: b\r\rdata: c\n\n"));
    }

    @Test
    void keeps_an_event_cut_by_the_end_of_the_stream_including_an_unterminated_line() throws IOException {
        assertEquals(List.of("a", "b"), events("data: a\n\ndata: b"));
        assertEquals(List.of("a\nb"), events("data: a\ndata: b\n"));
    }

    @Test
    void decodes_utf8_split_across_reads_and_lines_longer_than_the_buffer() throws IOException {
        String emoji = "{\"content\":\"h\u00e9llo \uD83D\uDE00 " + "x".repeat(5000) + "\"}";
        String text = "data: " + emoji + "\r\n\r\ndata: [DONE]\r\n\r\n";
        for (int size : new int[] {1, 2, 3, 7, 4096}) {
            assertEquals(List.of(emoji, "[DONE]"), read(new Trickle(text.getBytes(StandardCharsets.UTF_8), size)), "reads of " + size);
        }
    }

    @Test
    void tells_whether_a_whole_event_is_already_buffered() throws IOException {
        SseEventReader reader = new SseEventReader(new ByteArrayInputStream(
                "data: a\r\n\r\ndata: b\r\n\r\n: ping\n\ndata: c".getBytes(StandardCharsets.UTF_8)));
        assertFalse(reader.hasBufferedEvent(), "nothing read yet");
        assertEquals("a", reader.nextData());
        assertTrue(reader.hasBufferedEvent(), "b arrived whole with a");
        assertEquals("b", reader.nextData());
        assertFalse(reader.hasBufferedEvent(), "a comment and an event without its blank line");
        assertEquals("c", reader.nextData());
        assertTrue(reader.hasBufferedEvent(), "the end is known, so nextData answers at once");
        assertNull(reader.nextData());
    }

    private static List<String> events(String text) throws IOException {
        List<String> all = read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        // The same bytes arriving one at a time (CR and LF split from what follows) read the same.
        assertEquals(all, read(new Trickle(text.getBytes(StandardCharsets.UTF_8), 1)));
        return all;
    }

    private static List<String> read(InputStream in) throws IOException {
        SseEventReader reader = new SseEventReader(in);
        List<String> events = new ArrayList<>();
        String data;
        while ((data = reader.nextData()) != null) {
            events.add(data);
        }
        return events;
    }

    /** Hands out at most {@code size} bytes per read, like an upstream writing token by token. */
    private static final class Trickle extends InputStream {
        private final byte[] bytes;
        private final int size;
        private int position;

        Trickle(byte[] bytes, int size) {
            this.bytes = bytes;
            this.size = size;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position == bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, size), bytes.length - position);
            System.arraycopy(bytes, position, b, off, n);
            position += n;
            return n;
        }
    }

    @Test
    void finds_the_first_line_end_wherever_it_is_in_a_word() {
        java.util.Random random = new java.util.Random(8);
        byte[] alphabet = {'a', 'd', ':', ' ', '{', '"', (byte) 0xC3, (byte) 0xA9, 0x0B, 0x0C, 0x0E, (byte) 0x8A, (byte) 0x8D, '\n', '\r'};
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                // mostly text, sometimes a line end, at every offset of an 8-byte word
                bytes[i] = alphabet[random.nextInt(random.nextInt(10) == 0 ? alphabet.length : alphabet.length - 2)];
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
            int to = from + random.nextInt(bytes.length - from + 1);
            int expected = -1;
            for (int i = from; i < to; i++) {
                if (bytes[i] == '\n' || bytes[i] == '\r') {
                    expected = i;
                    break;
                }
            }
            assertEquals(expected, SseEventReader.indexOfLineEnd(bytes, from, to), java.util.Arrays.toString(bytes) + " " + from + ".." + to);
        }
    }
}
