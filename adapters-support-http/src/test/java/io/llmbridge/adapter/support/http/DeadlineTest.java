package io.llmbridge.adapter.support.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeadlineTest {

    @Test
    void returns_what_a_call_that_ends_in_time_returns() throws TimeoutException {
        assertEquals("done", Deadline.call(Duration.ofSeconds(5), () -> "done"));
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void passes_on_the_failure_of_a_call_that_fails_in_time() {
        IllegalStateException failure = new IllegalStateException("boom");
        assertSame(failure, assertThrows(IllegalStateException.class, () -> Deadline.call(Duration.ofSeconds(5), () -> {
            throw failure;
        })));
    }

    @Test
    void interrupts_a_blocked_call_when_the_time_is_up_and_clears_the_interrupt_after() {
        long start = System.nanoTime();
        assertThrows(TimeoutException.class, () -> Deadline.call(Duration.ofMillis(100), DeadlineTest::sleepTenSeconds));
        assertTrue(System.nanoTime() - start < 5_000_000_000L);
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void an_error_while_firing_one_deadline_does_not_keep_the_next_from_firing() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        Thread unlucky = new Thread(() -> {
            try {
                Deadline.call(Duration.ofMillis(10), () -> {
                    try {
                        fired.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                });
            } catch (TimeoutException expected) {
                // its deadline did fire
            }
        }) {
            /** As if the heap ran out on the watcher's thread just as it fired this deadline. */
            @Override
            public void interrupt() {
                fired.countDown();
                throw new OutOfMemoryError("Java heap space");
            }
        };
        unlucky.start();
        assertTrue(fired.await(30, TimeUnit.SECONDS));
        unlucky.join();

        assertThrows(TimeoutException.class, () -> Deadline.call(Duration.ofMillis(100), DeadlineTest::sleepTenSeconds));
    }

    @Test
    void a_short_deadline_fires_in_time_while_a_longer_one_is_pending() throws Exception {
        CountDownLatch longCallStarted = new CountDownLatch(1);
        CountDownLatch releaseLongCall = new CountDownLatch(1);
        Thread longCall = Thread.ofVirtual().start(() -> {
            try {
                Deadline.call(Duration.ofSeconds(60), () -> {
                    longCallStarted.countDown();
                    try {
                        releaseLongCall.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return null;
                });
            } catch (TimeoutException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            longCallStarted.await();
            long start = System.nanoTime();
            assertThrows(TimeoutException.class, () -> Deadline.call(Duration.ofMillis(100), () -> {
                try {
                    Thread.sleep(30_000);
                    return "late";
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "the short deadline waited for the long one");
        } finally {
            releaseLongCall.countDown();
            longCall.join();
        }
    }

    @Test
    void never_leaves_an_interrupt_behind_when_the_call_ends_at_its_deadline() throws Exception {
        for (int i = 0; i < 300; i++) {
            try {
                Deadline.call(Duration.ofNanos(200_000), () -> {
                    long until = System.nanoTime() + 200_000;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    return null;
                });
            } catch (TimeoutException expected) {
                // either way is fine; what matters is the interrupt status afterwards
            }
            assertFalse(Thread.currentThread().isInterrupted(), "after call " + i);
        }
    }

    /** A call that only ends early when its deadline interrupts it. */
    private static String sleepTenSeconds() {
        try {
            Thread.sleep(10_000);
            return "late";
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
