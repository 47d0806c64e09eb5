package io.llmbridge.adapter.in.ws;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/** How long tests wait for what a socket or timer does: generous, since the machine may be busy. */
final class Patience {
    static final long SECONDS = 10;

    private Patience() {
    }

    /** The next element; fails the test when none comes in time. */
    static <T> T next(BlockingQueue<T> queue, String what) {
        try {
            T next = queue.poll(SECONDS, TimeUnit.SECONDS);
            assertNotNull(next, "no " + what + " came");
            return next;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
