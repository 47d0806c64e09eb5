package io.llmbridge.domain.quota;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ErrorKind;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** The answer to an {@link Admission}: admitted with a ticket to settle, or refused by one scope's limit. */
public sealed interface QuotaDecision {
    /** The {@code x-ratelimit-*} headers' values, as they stand after this decision. */
    Headroom headroom();

    /** Admitted: every scope's limits were taken; {@code ticket} must be settled exactly once. */
    record Admitted(QuotaTicket ticket, Headroom headroom) implements QuotaDecision {
        public Admitted {
            Objects.requireNonNull(ticket, "ticket");
            Objects.requireNonNull(headroom, "headroom");
        }
    }

    /**
     * Refused: nothing was taken from any scope.
     *
     * @param scope      the first scope (in the admission's order) the request did not fit
     * @param limit      which of its limits
     * @param amount     that limit's value
     * @param retryAfter for rates and concurrency, when to try again; empty for budgets and for a
     *                   request that needs more tokens than the rate allows at once
     * @param resetsAt   for budgets, when the period ends and the budget is full again
     */
    record Refused(QuotaScope scope, LimitKind limit, BigDecimal amount, Optional<Duration> retryAfter,
                   Optional<Instant> resetsAt, Headroom headroom) implements QuotaDecision {
        public Refused {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(limit, "limit");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(retryAfter, "retryAfter");
            Objects.requireNonNull(resetsAt, "resetsAt");
            Objects.requireNonNull(headroom, "headroom");
        }

        /**
         * The refusal as OpenAI words it: {@code rate_limit_exceeded} with a Retry-After for rates and
         * concurrency, {@code insufficient_quota} naming the reset for budgets. Both are 429s.
         */
        public BridgeException toException() {
            String limitText = limit.configName() + " " + amount.toPlainString();
            if (limit.budgetPeriod().isPresent()) {
                return BridgeException.of(ErrorKind.RATE_LIMITED, "Budget exhausted for " + scope.describe() + ": "
                                + limitText + resetsAt.map(at -> "; it resets at " + at + ".").orElse("."))
                        .code("insufficient_quota").build();
            }
            if (retryAfter.isEmpty()) {
                return BridgeException.of(ErrorKind.RATE_LIMITED, "Request is larger than " + scope.describe()
                        + " allows at once: " + limitText + ". Lower max_tokens or the prompt.")
                        .code("rate_limit_exceeded").build();
            }
            long seconds = retryAfterSeconds();
            String what = limit == LimitKind.CONCURRENT ? "Concurrency limit" : "Rate limit";
            return BridgeException.of(ErrorKind.RATE_LIMITED, what + " reached for " + scope.describe() + ": "
                            + limitText + ". Try again in " + seconds + " s.")
                    .code("rate_limit_exceeded").retryAfter(Long.toString(seconds)).build();
        }

        /** Retry-After in whole seconds, rounded up and at least 1. */
        private long retryAfterSeconds() {
            Duration wait = retryAfter.orElseThrow();
            long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
            return Math.max(1, seconds);
        }
    }
}
