package io.llmbridge.application.port.out;

import io.llmbridge.domain.UsageRow;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The durable usage history, shared by every gateway replica. Appending never makes a request
 * wait: rows are written later, in batches, and wait in a bounded queue while the database is
 * unreachable.
 */
public interface UsageStore {
    /**
     * Queues a row for writing and returns at once. When the queue is full the row is dropped
     * and counted in {@link Backlog#dropped}: a request is never held up by accounting.
     */
    void append(UsageRow row);

    /** Completes once every row appended before this call is written; fails only if the store closes first. */
    CompletableFuture<Void> flush();

    /**
     * Totals of the rows that match {@code query}, one per group, ordered by group. Rows this
     * process appended before the call are included (it waits, boundedly, for them to be
     * written). Groups with no rows are absent; so is the single total when nothing matches.
     *
     * @throws io.llmbridge.domain.BridgeException of kind {@code UNAVAILABLE} when the database cannot be read
     */
    List<UsageGroup> totals(UsageQuery query);

    /** Rows not yet written, and rows dropped since start: for a metric. */
    Backlog backlog();

    /**
     * @param waiting rows queued or being written
     * @param dropped rows lost because the queue was full, since start
     */
    record Backlog(long waiting, long dropped) {
    }
}
