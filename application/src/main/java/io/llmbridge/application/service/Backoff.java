package io.llmbridge.application.service;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** How long to wait before a retry: exponential with jitter, or longer when the upstream asked. */
final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final Timing timing;

    Backoff(ResilienceSettings settings, Timing timing) {
        this.initial = settings.backoffInitial();
        this.max = settings.backoffMax();
        this.timing = timing;
    }

    /**
     * @param retry      1 for the first retry
     * @param retryAfter the upstream's {@code Retry-After} value; null when it sent none
     */
    Duration before(int retry, String retryAfter) {
        long ceiling = initial.toNanos() << Math.min(retry - 1, 30);
        long base = ceiling <= 0 || ceiling > max.toNanos() ? max.toNanos() : ceiling;
        // Half fixed, half random: concurrent retries spread out, yet none comes back at once.
        Duration delay = Duration.ofNanos(base / 2 + (long) (timing.random() * (base / 2)));
        Duration asked = retryAfter(retryAfter, timing.now());
        return asked != null && asked.compareTo(delay) > 0 ? asked : delay;
    }

    /** {@code Retry-After} as seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        try {
            double seconds = Double.parseDouble(text);
            return seconds >= 0 && seconds < 1e9 ? Duration.ofMillis((long) (seconds * 1000)) : null;
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(now, ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }
}
