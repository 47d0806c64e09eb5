package io.llmbridge.adapter.out.limits;

import io.llmbridge.domain.quota.Headroom;
import io.llmbridge.domain.quota.LimitKind;

import java.time.Duration;
import java.util.Optional;

/**
 * The generic cell rate algorithm for {@code rpm} and {@code tpm}: a scope's state is one number,
 * the theoretical arrival time (TAT, in microseconds since the epoch) at which its bucket would be
 * empty again. A limit L per minute emits one unit every 60 s / L and tolerates a burst of L.
 * Times are doubles, as in the Redis script; comparisons allow a rounding slack (half an emission
 * interval, at most a millisecond) so that rounding never refuses the L-th unit of a burst.
 */
final class Gcra {
    static final double WINDOW_MICROS = LimitKind.RATE_WINDOW.toNanos() / 1000.0;

    private Gcra() {
    }

    static double interval(long limit) {
        return WINDOW_MICROS / limit;
    }

    static double slack(long limit) {
        return Math.min(interval(limit) / 2, 1000);
    }

    /** The TAT after taking {@code units} now. */
    static double taken(double tat, double now, long units, long limit) {
        return Math.max(tat, now) + units * interval(limit);
    }

    static boolean fits(double tatAfter, double now, long limit) {
        return limit > 0 && tatAfter - now <= WINDOW_MICROS + slack(limit);
    }

    /** Until {@code units} would fit; empty when they never can (more than the limit at once). */
    static Optional<Duration> retryAfter(double tat, double now, long units, long limit) {
        if (limit == 0 || units > limit) {
            return Optional.empty();
        }
        double wait = taken(tat, now, units, limit) - now - WINDOW_MICROS - slack(limit);
        return Optional.of(micros(Math.max(wait, 0)));
    }

    static Headroom.Allowance allowance(double tat, double now, long limit) {
        double busy = Math.max(tat - now, 0);
        long remaining = limit == 0 ? 0 : (long) Math.floor((WINDOW_MICROS - busy + slack(limit)) / interval(limit));
        return new Headroom.Allowance(limit, Math.clamp(remaining, 0, limit), micros(busy));
    }

    private static Duration micros(double micros) {
        return Duration.ofNanos((long) Math.ceil(micros * 1000));
    }
}
