package io.llmbridge.application.service;

import io.llmbridge.domain.UpstreamAttempt.CircuitChange;

import java.time.Duration;

/**
 * One deployment's breaker: opens after a number of consecutive failures, refuses calls while
 * open, then lets a single trial call through; the trial's outcome closes or re-opens it.
 * Helidon's breaker counts a failure ratio over a window and lives outside the application ring;
 * this one is the few lines "N consecutive failures" needs.
 */
final class CircuitBreaker {
    enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final long delayNanos;
    private final Timing timing;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long since;

    CircuitBreaker(int threshold, Duration delay, Timing timing) {
        this.threshold = threshold;
        this.delayNanos = delay.toNanos();
        this.timing = timing;
    }

    /** Whether a call would be let through now; changes nothing. */
    synchronized boolean isCallable() {
        return state == State.CLOSED || waited();
    }

    /**
     * Claims the right to call: always while closed; once the delay has passed, the one trial of
     * an open breaker. A trial that never reports back (a bug) is replaced after another delay.
     */
    synchronized boolean tryAcquire() {
        if (state == State.CLOSED) {
            return true;
        }
        if (!waited()) {
            return false;
        }
        state = State.HALF_OPEN;
        since = timing.nanoTime();
        return true;
    }

    /** The call answered (or the failure was the request's own fault, not the deployment's). */
    synchronized CircuitChange succeeded() {
        consecutiveFailures = 0;
        if (state == State.CLOSED) {
            return null;
        }
        state = State.CLOSED;
        return CircuitChange.CLOSED;
    }

    synchronized CircuitChange failed() {
        consecutiveFailures++;
        if (state == State.HALF_OPEN || (state == State.CLOSED && consecutiveFailures >= threshold)) {
            state = State.OPEN;
            since = timing.nanoTime();
            return CircuitChange.OPENED;
        }
        return null;
    }

    synchronized State state() {
        return state;
    }

    /** What is left of the open delay; zero when a call may go. */
    synchronized Duration remainingDelay() {
        return state == State.CLOSED ? Duration.ZERO
                : Duration.ofNanos(Math.max(0, since + delayNanos - timing.nanoTime()));
    }

    private boolean waited() {
        return timing.nanoTime() - since >= delayNanos;
    }
}
