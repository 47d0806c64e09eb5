package io.llmbridge.adapter.support.json;

import org.eclipse.parsson.api.BufferPool;

/**
 * Parsson's working buffers, one spare per thread. Its own pool is a single queue shared by all
 * threads, and a stream opens a parser for every chunk: the two carrier threads then spent up to
 * 7% of a stream's CPU taking buffers from and returning them to that queue, each write moving
 * its head or tail from one core's cache to the other's. A thread here reuses its own buffer;
 * a request's virtual thread allocates one (8 KiB) on its first document and reuses it for the
 * rest, and it is garbage with the thread.
 */
final class PerThreadBuffers implements BufferPool {
    /** Parsson's own buffer size. A buffer grown past it for a long string is not kept. */
    static final int CHARS = 4096;

    private final ThreadLocal<char[]> spare = new ThreadLocal<>();

    @Override
    public char[] take() {
        char[] buffer = spare.get();
        if (buffer == null) {
            return new char[CHARS];
        }
        spare.set(null); // nested parsers on one thread must not share it
        return buffer;
    }

    @Override
    public void recycle(char[] buffer) {
        if (buffer.length == CHARS) {
            spare.set(buffer);
        }
    }
}
