package io.llmbridge.application.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A clock that only moves when told to or when paused on, recording every pause. */
final class FakeTiming implements Timing {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    final List<Duration> pauses = new ArrayList<>();
    private long nanos = 1_000_000_000L;

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public Instant now() {
        return NOW.plusNanos(nanoTime());
    }

    @Override
    public synchronized void pause(Duration duration) {
        pauses.add(duration);
        nanos += duration.toNanos();
    }

    /** Half way: a jittered wait is exactly three quarters of its ceiling. */
    @Override
    public double random() {
        return 0.5;
    }

    synchronized void advance(Duration duration) {
        nanos += duration.toNanos();
    }
}
