package io.llmbridge.adapter.in.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import io.llmbridge.domain.quota.Headroom;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * OpenAI's rate limit headers, from the tightest scope's {@code rpm} and {@code tpm}: limit,
 * remaining, and the time until the bucket is full again in OpenAI's format ({@code 1s},
 * {@code 6m0s}, {@code 120ms}).
 */
final class RateLimitHeaders {
    private static final HeaderName LIMIT_REQUESTS = HeaderNames.create("x-ratelimit-limit-requests");
    private static final HeaderName REMAINING_REQUESTS = HeaderNames.create("x-ratelimit-remaining-requests");
    private static final HeaderName RESET_REQUESTS = HeaderNames.create("x-ratelimit-reset-requests");
    private static final HeaderName LIMIT_TOKENS = HeaderNames.create("x-ratelimit-limit-tokens");
    private static final HeaderName REMAINING_TOKENS = HeaderNames.create("x-ratelimit-remaining-tokens");
    private static final HeaderName RESET_TOKENS = HeaderNames.create("x-ratelimit-reset-tokens");

    private RateLimitHeaders() {
    }

    static void set(ServerResponse res, Headroom headroom) {
        set(res, headroom.requests(), LIMIT_REQUESTS, REMAINING_REQUESTS, RESET_REQUESTS);
        set(res, headroom.tokens(), LIMIT_TOKENS, REMAINING_TOKENS, RESET_TOKENS);
    }

    private static void set(ServerResponse res, Optional<Headroom.Allowance> allowance, HeaderName limit,
                            HeaderName remaining, HeaderName reset) {
        allowance.ifPresent(it -> {
            res.header(limit, Long.toString(it.limit()));
            res.header(remaining, Long.toString(it.remaining()));
            res.header(reset, duration(it.resetsIn()));
        });
    }

    /** {@code 0s}, {@code 120ms}, {@code 1.5s}, {@code 6m0s}: as OpenAI writes it. */
    static String duration(Duration duration) {
        long millis = Math.max(0, duration.toMillis() + (duration.toNanosPart() % 1_000_000 > 0 ? 1 : 0));
        if (millis == 0) {
            return "0s";
        }
        if (millis < 1000) {
            return millis + "ms";
        }
        long minutes = millis / 60_000;
        long rest = millis % 60_000;
        String seconds = rest % 1000 == 0 ? Long.toString(rest / 1000)
                : BigDecimal.valueOf(rest, 3).stripTrailingZeros().toPlainString();
        return minutes == 0 ? seconds + "s" : minutes + "m" + seconds + "s";
    }
}
