package io.llmbridge.bootstrap;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.llmbridge.application.port.in.ChatAdmission;
import io.llmbridge.domain.BridgeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * What happens between a SIGTERM and the exit (docs/deployment.md, "Drain"): readiness goes down
 * at once; for {@code delay} everything is still served, so balancers notice; then new chats are
 * refused and the chats in flight have {@code grace} to end; those still running are then ended
 * cleanly through their {@link ChatAdmission.Pass}. {@link #hurry()} (a second signal) skips what
 * is left of both waits. The inbound adapters see it as their {@link ChatAdmission}.
 */
final class Drain implements ChatAdmission {
    private static final Logger LOG = LoggerFactory.getLogger(Drain.class);
    /** How long chats ended at the end of the grace period get to write their last frames and be recorded. */
    private static final Duration ENDING = Duration.ofSeconds(5);

    private final GatewayConfig.DrainTimes times;
    private final Set<Ticket> inFlight = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a chat ends and when the drain is hurried. */
    private final Condition changed = lock.newCondition();
    private volatile boolean draining;
    private volatile boolean refusing;
    private volatile boolean hurried;

    Drain(GatewayConfig.DrainTimes times) {
        this.times = times;
    }

    @Override
    public Pass admit() {
        Ticket ticket = new Ticket();
        // Counted before the check: the drain, which sets refusing before it counts, sees either
        // this chat or the refusal.
        inFlight.add(ticket);
        if (refusing) {
            ticket.close();
            throw BridgeException.gatewayDraining();
        }
        return ticket;
    }

    /** Readiness: down from the first signal on, while liveness stays up. */
    HealthCheck readiness() {
        return new HealthCheck() {
            @Override
            public HealthCheckType type() {
                return HealthCheckType.READINESS;
            }

            @Override
            public String name() {
                return "drain";
            }

            @Override
            public HealthCheckResponse call() {
                return HealthCheckResponse.builder().status(!draining).detail("draining", draining).build();
            }
        };
    }

    /**
     * Runs the drain on the calling thread, up to the point where the server may stop: every chat
     * has ended, or been ended.
     */
    void run() {
        draining = true;
        LOG.info("Draining: readiness is down; serving everything for {} ms more", times.delay().toMillis());
        waitUntil(() -> false, times.delay());
        refusing = true;
        LOG.info("Draining: new chats are refused; waiting up to {} ms for {} in flight", times.grace().toMillis(), inFlight.size());
        waitUntil(inFlight::isEmpty, times.grace());
        List<Ticket> running = List.copyOf(inFlight);
        if (!running.isEmpty()) {
            LOG.info("Draining: ending {} chat(s) still running", running.size());
            running.forEach(Ticket::shutDown);
            hurried = false; // their last frames get their time even after a second signal
            waitUntil(inFlight::isEmpty, ENDING);
        }
        LOG.info("Drained; stopping");
    }

    /** A second signal: what is left of the waits is skipped. */
    void hurry() {
        hurried = true;
        signal();
    }

    private void waitUntil(BooleanSupplier done, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        lock.lock();
        try {
            long left;
            while (!done.getAsBoolean() && !hurried && (left = deadline - System.nanoTime()) > 0) {
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** One admitted chat. */
    private final class Ticket implements Pass {
        private final ReentrantLock ticketLock = new ReentrantLock();
        private Runnable end;
        private boolean shutDown;

        @Override
        public void onShutdown(Runnable end) {
            boolean now;
            ticketLock.lock();
            try {
                this.end = end;
                now = shutDown;
            } finally {
                ticketLock.unlock();
            }
            if (now) {
                end.run();
            }
        }

        void shutDown() {
            Runnable action;
            ticketLock.lock();
            try {
                shutDown = true;
                action = end;
            } finally {
                ticketLock.unlock();
            }
            if (action != null) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.warn("Ending a chat at shutdown failed: {}", e.toString());
                }
            }
        }

        @Override
        public void close() {
            if (inFlight.remove(this)) {
                signal();
            }
        }
    }
}
