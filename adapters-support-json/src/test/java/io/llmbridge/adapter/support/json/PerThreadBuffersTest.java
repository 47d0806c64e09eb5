package io.llmbridge.adapter.support.json;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class PerThreadBuffersTest {
    private final PerThreadBuffers buffers = new PerThreadBuffers();

    @Test
    void a_thread_gets_its_returned_buffer_back() {
        char[] first = buffers.take();
        assertEquals(PerThreadBuffers.CHARS, first.length);
        buffers.recycle(first);
        assertSame(first, buffers.take());
    }

    @Test
    void two_parsers_open_at_once_on_one_thread_never_share_a_buffer() {
        buffers.recycle(buffers.take());
        char[] outer = buffers.take();
        char[] inner = buffers.take();
        assertNotSame(outer, inner);
    }

    @Test
    void another_thread_never_gets_this_threads_buffer() throws Exception {
        char[] mine = buffers.take();
        buffers.recycle(mine);
        char[] theirs = CompletableFuture.supplyAsync(buffers::take, runnable -> Thread.ofVirtual().start(runnable)).get();
        assertNotSame(mine, theirs);
        assertSame(mine, buffers.take());
    }

    @Test
    void a_buffer_grown_for_a_long_string_is_not_kept() {
        char[] grown = new char[PerThreadBuffers.CHARS * 4];
        buffers.recycle(grown);
        assertEquals(PerThreadBuffers.CHARS, buffers.take().length);
    }
}
