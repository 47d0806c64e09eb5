package io.llmbridge.adapter.out.store;

import io.llmbridge.application.port.out.UsageStore;
import io.llmbridge.domain.Usage;
import io.llmbridge.domain.UsageRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writes usage rows in batches from a bounded queue, on a thread of its own, so that no request
 * waits for the database; each batch is rolled up first ({@link UsageRollup}), so the database
 * takes a few rows a second however many calls there are. While the database is down the rows wait (the batch being written
 * first, in order) and one warning per interval says how many; a full queue drops the newest row.
 */
final class UsageWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UsageWriter.class);
    private static final int COST_SCALE = 12;
    private static final String INSERT = "INSERT INTO usage_row (recorded_at, usage_day, key_id, key_name, team,"
            + " provider, model, outcome, prompt_tokens, completion_tokens, total_tokens, reasoning_tokens,"
            + " cached_tokens, usage_source, cost, requests) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final DataSource dataSource;
    private final StoreSettings settings;
    private final ArrayBlockingQueue<UsageRow> queue;
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> flushRequests = new ConcurrentLinkedQueue<>();
    private final Semaphore wakeUp = new Semaphore(0);
    /** Rows queued or in the batch being written: what the capacity bounds. */
    private final AtomicInteger waiting = new AtomicInteger();
    private final LongAdder dropped = new LongAdder();
    private final Thread thread;
    private volatile boolean closing;
    private volatile boolean abandoned;

    // The writer thread's own: the batch being written, and what it last warned about.
    private final List<UsageRow> batch = new ArrayList<>();
    private boolean failing;
    private long lastFailureWarning;
    private long lastDropWarning;
    private long droppedWarnedAbout;

    UsageWriter(DataSource dataSource, StoreSettings settings) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.thread = Thread.ofPlatform().name("usage-writer").daemon().start(this::run);
    }

    void append(UsageRow row) {
        if (closing || waiting.incrementAndGet() > settings.queueCapacity()) {
            waiting.decrementAndGet();
            dropped.increment();
            return;
        }
        queue.add(row);
    }

    CompletableFuture<Void> flush() {
        CompletableFuture<Void> flushed = new CompletableFuture<>();
        flushRequests.add(flushed);
        if (!thread.isAlive()) {
            failFlushes();
        }
        wakeUp.release();
        return flushed;
    }

    UsageStore.Backlog backlog() {
        return new UsageStore.Backlog(waiting.get(), dropped.sum());
    }

    /** Refuses new rows, writes the queued ones within the close timeout, and gives up on the rest. */
    @Override
    public void close() {
        closing = true;
        wakeUp.release();
        try {
            thread.join(settings.closeTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            abandoned = true;
            thread.interrupt();
            LOG.warn("{} usage rows could not be written to the store within {} s of shutdown and are lost",
                    backlog().waiting(), settings.closeTimeout().toSeconds());
        }
        failFlushes();
    }

    private void run() {
        while (!abandoned) {
            List<CompletableFuture<Void>> due = new ArrayList<>();
            for (CompletableFuture<Void> request; (request = flushRequests.poll()) != null; ) {
                due.add(request);
            }
            boolean stopping = closing;
            try {
                writeRowsQueuedBefore(queue.size());
                due.forEach(request -> request.complete(null));
                if (failing) {
                    failing = false;
                    LOG.info("The store is reachable again: waiting usage rows are being written");
                }
            } catch (SQLException | RuntimeException e) {
                flushRequests.addAll(due);
                warnAboutFailure(e);
            }
            warnAboutDrops();
            if (stopping && !failing && queue.isEmpty()) {
                break;
            }
            awaitWork();
        }
        failFlushes();
    }

    /**
     * Writes the batch left by a failed attempt, then {@code owed} rows from the queue: the rows
     * appended before this round began, which is what a flush asked for.
     */
    private void writeRowsQueuedBefore(int owed) throws SQLException {
        while (!abandoned) {
            if (batch.isEmpty()) {
                queue.drainTo(batch, Math.min(settings.batchSize(), owed));
                owed -= batch.size();
                if (batch.isEmpty()) {
                    return;
                }
            }
            insert(batch);
            waiting.addAndGet(-batch.size());
            batch.clear();
        }
    }

    private void insert(List<UsageRow> rows) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (Map.Entry<UsageRollup.Key, UsageRollup.Calls> row : UsageRollup.of(rows).entrySet()) {
                    bind(insert, row.getKey(), row.getValue());
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                Sql.rollback(connection, e);
                throw e;
            }
        }
    }

    private static void bind(PreparedStatement insert, UsageRollup.Key row, UsageRollup.Calls calls) throws SQLException {
        Sql.setInstant(insert, 1, row.second());
        insert.setObject(2, row.second().atZone(ZoneOffset.UTC).toLocalDate());
        insert.setString(3, row.keyId());
        insert.setString(4, row.keyName());
        insert.setString(5, row.team());
        insert.setString(6, row.model().provider());
        insert.setString(7, row.model().id());
        insert.setString(8, row.outcome().label());
        setLong(insert, 9, calls.promptTokens);
        setLong(insert, 10, calls.completionTokens);
        setLong(insert, 11, calls.totalTokens);
        setLong(insert, 12, calls.reasoningTokens);
        setLong(insert, 13, calls.cachedTokens);
        insert.setString(14, row.source() == null ? null : row.source().name().toLowerCase(Locale.ROOT));
        insert.setBigDecimal(15, calls.cost == null ? null : calls.cost.setScale(COST_SCALE, RoundingMode.HALF_EVEN));
        insert.setLong(16, calls.requests);
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private void warnAboutFailure(Exception e) {
        long now = System.nanoTime();
        if (!failing || now - lastFailureWarning >= settings.warnInterval().toNanos()) {
            UsageStore.Backlog backlog = backlog();
            LOG.warn("Usage rows cannot be written to the store ({}): {} are waiting and will be written when it is back;"
                    + " {} dropped since start", cause(e), backlog.waiting(), backlog.dropped());
            lastFailureWarning = now;
        }
        failing = true;
    }

    /** A failed batch's own message repeats every row: the reason is the next exception's. */
    private static String cause(Exception e) {
        return e instanceof SQLException batch && batch.getNextException() != null
                ? batch.getNextException().getMessage()
                : e.getMessage();
    }

    private void warnAboutDrops() {
        long droppedNow = dropped.sum();
        long now = System.nanoTime();
        if (droppedNow > droppedWarnedAbout && (droppedWarnedAbout == 0
                || now - lastDropWarning >= settings.warnInterval().toNanos())) {
            LOG.warn("{} usage rows dropped since start: the queue of {} rows was full", droppedNow,
                    settings.queueCapacity());
            droppedWarnedAbout = droppedNow;
            lastDropWarning = now;
        }
    }

    private void awaitWork() {
        try {
            if (wakeUp.tryAcquire(settings.flushInterval().toNanos(), TimeUnit.NANOSECONDS)) {
                wakeUp.drainPermits();
            }
        } catch (InterruptedException e) {
            abandoned = true;
        }
    }

    private void failFlushes() {
        for (CompletableFuture<Void> request; (request = flushRequests.poll()) != null; ) {
            request.completeExceptionally(new IllegalStateException("the usage store is closed"));
        }
    }
}
