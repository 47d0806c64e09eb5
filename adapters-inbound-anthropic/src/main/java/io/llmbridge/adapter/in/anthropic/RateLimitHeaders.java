package io.llmbridge.adapter.in.anthropic;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import io.llmbridge.domain.quota.Headroom;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Anthropic's rate limit headers, from the tightest scope's {@code rpm} and {@code tpm}: limit,
 * remaining, and when the bucket is full again as an RFC 3339 time (rounded up to the second),
 * as Anthropic sends them ({@code anthropic-ratelimit-requests-reset: 2026-12-07T10:15:03Z}).
 */
final class RateLimitHeaders {
    private static final HeaderName LIMIT_REQUESTS = HeaderNames.create("anthropic-ratelimit-requests-limit");
    private static final HeaderName REMAINING_REQUESTS = HeaderNames.create("anthropic-ratelimit-requests-remaining");
    private static final HeaderName RESET_REQUESTS = HeaderNames.create("anthropic-ratelimit-requests-reset");
    private static final HeaderName LIMIT_TOKENS = HeaderNames.create("anthropic-ratelimit-tokens-limit");
    private static final HeaderName REMAINING_TOKENS = HeaderNames.create("anthropic-ratelimit-tokens-remaining");
    private static final HeaderName RESET_TOKENS = HeaderNames.create("anthropic-ratelimit-tokens-reset");

    private RateLimitHeaders() {
    }

    static void set(ServerResponse res, Headroom headroom) {
        Instant now = Instant.now();
        set(res, now, headroom.requests(), LIMIT_REQUESTS, REMAINING_REQUESTS, RESET_REQUESTS);
        set(res, now, headroom.tokens(), LIMIT_TOKENS, REMAINING_TOKENS, RESET_TOKENS);
    }

    private static void set(ServerResponse res, Instant now, Optional<Headroom.Allowance> allowance, HeaderName limit,
                            HeaderName remaining, HeaderName reset) {
        allowance.ifPresent(it -> {
            res.header(limit, Long.toString(it.limit()));
            res.header(remaining, Long.toString(it.remaining()));
            res.header(reset, resetAt(now, it).toString());
        });
    }

    private static Instant resetAt(Instant now, Headroom.Allowance allowance) {
        Instant exact = now.plus(allowance.resetsIn());
        Instant second = exact.truncatedTo(ChronoUnit.SECONDS);
        return second.equals(exact) ? second : second.plusSeconds(1);
    }
}
