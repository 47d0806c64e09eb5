package io.llmbridge.domain.quota;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the {@code x-ratelimit-*} headers say: for requests ({@code rpm}) and tokens ({@code tpm}),
 * the tightest scope's limit, what remains of it and when it is full again. Empty where no scope
 * has that limit.
 */
public record Headroom(Optional<Allowance> requests, Optional<Allowance> tokens) {
    public static final Headroom NONE = new Headroom(Optional.empty(), Optional.empty());

    public Headroom {
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(tokens, "tokens");
    }

    /**
     * @param resetsIn until the scope's bucket is full again
     *                 ({@code x-ratelimit-reset-requests}, {@code x-ratelimit-reset-tokens})
     */
    public record Allowance(long limit, long remaining, Duration resetsIn) {
        public Allowance {
            Objects.requireNonNull(resetsIn, "resetsIn");
        }

        /** The tighter of two: the one with less remaining. */
        public static Allowance tighter(Allowance one, Allowance other) {
            return other.remaining < one.remaining ? other : one;
        }
    }
}
