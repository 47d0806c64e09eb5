package io.llmbridge.domain.quota;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An admitted request's hold on its quotas, until it is settled. It remembers when it was admitted
 * so that settlement corrects the budget periods the reservation was counted in, even after they
 * have ended.
 */
public final class QuotaTicket {
    private final String id;
    private final Admission admission;
    private final Instant admittedAt;
    private final boolean degraded;
    private final AtomicBoolean settled = new AtomicBoolean();

    /**
     * @param id         unique among the tickets in flight across the fleet
     * @param admittedAt by the clock of the backend that admitted it
     * @param degraded   admitted without the shared backend (counted by this process alone)
     */
    public QuotaTicket(String id, Admission admission, Instant admittedAt, boolean degraded) {
        this.id = Objects.requireNonNull(id, "id");
        this.admission = Objects.requireNonNull(admission, "admission");
        this.admittedAt = Objects.requireNonNull(admittedAt, "admittedAt");
        this.degraded = degraded;
    }

    public String id() {
        return id;
    }

    public Admission admission() {
        return admission;
    }

    public Instant admittedAt() {
        return admittedAt;
    }

    public boolean degraded() {
        return degraded;
    }

    /**
     * Marks the ticket settled; true only the first time. Settling twice would release a
     * concurrency slot another request holds.
     */
    public boolean markSettled() {
        return settled.compareAndSet(false, true);
    }

    @Override
    public String toString() {
        return "QuotaTicket[" + id + (degraded ? ", degraded" : "") + "]";
    }
}
