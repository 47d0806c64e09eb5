package io.llmbridge.adapter.out.limits;

import io.llmbridge.domain.quota.ScopeLimits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Sends quota operations to Redis in batches: one run of {@code batch.lua} at a time, carrying every
 * operation that arrived while the previous run was under way (at most {@link #MOST_PER_BATCH}).
 * Under load many admissions then share one round trip and one script run; alone, an operation
 * goes at once. Each batch runs atomically, so the outcome is the one of running each operation on
 * its own, settlements before admissions.
 */
final class QuotaBatches {
    static final int MOST_PER_BATCH = 128;

    private final RedisLink redis;
    private final RedisScript script;
    private final Function<ScopeLimits, String> keyOf;
    private final long leaseMicros;
    private final Queue<Operation> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

    QuotaBatches(RedisLink redis, RedisScript script, Function<ScopeLimits, String> keyOf, long leaseMicros) {
        this.redis = redis;
        this.script = script;
        this.keyOf = keyOf;
        this.leaseMicros = leaseMicros;
    }

    /**
     * Queues an admission; the future completes with its reply from batch.lua, or exceptionally
     * when Redis could not be reached or did not answer in time.
     */
    CompletableFuture<List<Object>> admit(List<String> head, List<ScopeLimits> scopes, List<Integer> wants) {
        Admit admit = new Admit(head, scopes, wants, new CompletableFuture<>());
        waiting.add(admit);
        sendWaiting();
        return admit.reply();
    }

    /** Queues a settlement, not waited for; {@code onFailure} runs when Redis could not take it. */
    void settle(QuotaBatch.Settlement settlement, List<ScopeLimits> scopes, Runnable onFailure) {
        waiting.add(new Settle(settlement, scopes, onFailure));
        sendWaiting();
    }

    /** Waits, at most {@code limit}, until every queued operation has been sent and answered. */
    void awaitIdle(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while ((!waiting.isEmpty() || running.get()) && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }
    }

    private void sendWaiting() {
        while (!waiting.isEmpty() && running.compareAndSet(false, true)) {
            List<Settle> settles = new ArrayList<>();
            List<Admit> admits = new ArrayList<>();
            for (Operation operation; settles.size() + admits.size() < MOST_PER_BATCH && (operation = waiting.poll()) != null; ) {
                switch (operation) {
                    case Settle settle -> settles.add(settle);
                    case Admit admit -> admits.add(admit);
                }
            }
            if (settles.isEmpty() && admits.isEmpty()) {
                running.set(false);
                continue;
            }
            QuotaBatch batch = new QuotaBatch(keyOf, leaseMicros);
            settles.forEach(settle -> batch.settle(settle.settlement(), settle.scopes()));
            admits.forEach(admit -> batch.admit(admit.head(), admit.scopes(), admit.wants()));
            send(batch).whenComplete((replies, failure) -> {
                running.set(false);
                sendWaiting();
                deliver(settles, admits, replies, failure);
            });
            return;
        }
    }

    /** The batch's run; never throws, so that every operation in it is answered. */
    private CompletionStage<List<Object>> send(QuotaBatch batch) {
        try {
            return redis.submit(commands -> script.send(commands, batch.keys(), batch.args()));
        } catch (RuntimeException failure) {
            return CompletableFuture.failedStage(failure);
        }
    }

    private static void deliver(List<Settle> settles, List<Admit> admits, List<Object> replies, Throwable failure) {
        if (failure == null && replies.size() != admits.size()) {
            failure = new IllegalStateException("batch.lua answered " + replies.size() + " admissions of " + admits.size());
        }
        if (failure != null) {
            settles.forEach(settle -> settle.onFailure().run());
            for (Admit admit : admits) {
                admit.reply().completeExceptionally(failure);
            }
            return;
        }
        for (int i = 0; i < admits.size(); i++) {
            if (replies.get(i) instanceof List<?> reply) {
                @SuppressWarnings("unchecked")
                List<Object> answer = (List<Object>) reply;
                admits.get(i).reply().complete(answer);
            } else {
                admits.get(i).reply().completeExceptionally(new IllegalStateException("batch.lua answered " + replies.get(i)));
            }
        }
    }

    private sealed interface Operation permits Admit, Settle {
    }

    private record Admit(List<String> head, List<ScopeLimits> scopes, List<Integer> wants,
                         CompletableFuture<List<Object>> reply)
            implements Operation {
    }

    private record Settle(QuotaBatch.Settlement settlement, List<ScopeLimits> scopes, Runnable onFailure) implements Operation {
    }
}
