package io.llmbridge.application.service;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The clocks, waits and randomness of retries and breakers, so that tests can run them without
 * waiting and assert on what would have been waited.
 */
interface Timing {
    Timing SYSTEM = new Timing() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public void pause(Duration duration) throws InterruptedException {
            Thread.sleep(duration);
        }

        @Override
        public double random() {
            return ThreadLocalRandom.current().nextDouble();
        }
    };

    /** A monotonic clock, for budgets, cool-downs and breaker delays. */
    long nanoTime();

    /** Wall-clock time, for {@code Retry-After} dates. */
    Instant now();

    void pause(Duration duration) throws InterruptedException;

    /** From 0 (inclusive) to 1 (exclusive). */
    double random();
}
