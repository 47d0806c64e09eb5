package io.llmbridge.application.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class BackoffTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void doubles_each_retry_up_to_its_maximum() {
        Backoff backoff = new Backoff(new ResilienceSettings(Duration.ofMillis(100), Duration.ofMillis(300),
                Duration.ofSeconds(1), 1, Duration.ofSeconds(1)), new FakeTiming());
        assertEquals(Duration.ofMillis(75), backoff.before(1, null));
        assertEquals(Duration.ofMillis(150), backoff.before(2, null));
        assertEquals(Duration.ofMillis(225), backoff.before(3, null), "capped at 300 ms, then jittered");
        assertEquals(Duration.ofMillis(225), backoff.before(40, null), "no overflow on long runs");
    }

    @Test
    void a_shorter_retry_after_does_not_shorten_the_backoff() {
        Backoff backoff = new Backoff(new ResilienceSettings(Duration.ofSeconds(2), Duration.ofSeconds(8),
                Duration.ofSeconds(1), 1, Duration.ofSeconds(1)), new FakeTiming());
        assertEquals(Duration.ofMillis(1500), backoff.before(1, "1"));
    }

    @Test
    void reads_retry_after_as_seconds_or_as_an_http_date() {
        assertEquals(Duration.ofSeconds(12), Backoff.retryAfter("12", NOW));
        assertEquals(Duration.ofMillis(1500), Backoff.retryAfter(" 1.5 ", NOW));
        assertEquals(Duration.ofSeconds(90), Backoff.retryAfter("Sun, 01 Mar 2026 12:01:30 GMT", NOW));
        assertEquals(Duration.ZERO, Backoff.retryAfter("Sun, 01 Mar 2026 11:00:00 GMT", NOW), "a past date: now");
    }

    @Test
    void an_unreadable_retry_after_is_ignored() {
        assertNull(Backoff.retryAfter(null, NOW));
        assertNull(Backoff.retryAfter("soon", NOW));
        assertNull(Backoff.retryAfter("-3", NOW));
        assertNull(Backoff.retryAfter("NaN", NOW));
    }
}
