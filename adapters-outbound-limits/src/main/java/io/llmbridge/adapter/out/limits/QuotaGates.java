package io.llmbridge.adapter.out.limits;

import io.llmbridge.application.port.out.QuotaGate;

import java.time.Clock;

/** The module's entry point: the gate for {@code limits.backend}. */
public final class QuotaGates {
    private QuotaGates() {
    }

    /** Quotas of this process alone, exact: the default, and the right one for a single replica. */
    public static QuotaGate memory(Clock clock) {
        return new MemoryQuotaGate(clock, false, new QuotaCounting());
    }

    /**
     * Quotas shared by every replica that uses the same Redis. Starts even when Redis cannot be
     * reached yet (decisions then follow {@code onBackendFailure}) and keeps trying to connect.
     *
     * @param clock for the local counting while Redis is unreachable; shared decisions use Redis's time
     */
    public static QuotaGate redis(RedisQuotaSettings settings, Clock clock) {
        return new RedisQuotaGate(settings, clock);
    }
}
