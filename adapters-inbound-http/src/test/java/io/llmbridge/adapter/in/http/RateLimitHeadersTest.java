package io.llmbridge.adapter.in.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RateLimitHeadersTest {
    @Test
    void resets_are_written_as_openai_writes_them() {
        assertEquals("0s", RateLimitHeaders.duration(Duration.ZERO));
        assertEquals("120ms", RateLimitHeaders.duration(Duration.ofMillis(120)));
        assertEquals("1ms", RateLimitHeaders.duration(Duration.ofNanos(10)), "a wait is never rounded down to none");
        assertEquals("1s", RateLimitHeaders.duration(Duration.ofSeconds(1)));
        assertEquals("1.5s", RateLimitHeaders.duration(Duration.ofMillis(1500)));
        assertEquals("6m0s", RateLimitHeaders.duration(Duration.ofMinutes(6)));
        assertEquals("1m2.25s", RateLimitHeaders.duration(Duration.ofMillis(62_250)));
    }
}
