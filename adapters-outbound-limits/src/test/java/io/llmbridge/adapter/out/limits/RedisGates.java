package io.llmbridge.adapter.out.limits;

import io.llmbridge.application.port.out.QuotaGate;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Redis gates for one test, standing for replicas that share the Redis on 127.0.0.1:6379 under a
 * key prefix of their own; closed, and their keys deleted, after each test. The tests skip where
 * no Redis listens.
 */
final class RedisGates implements BeforeAllCallback, AfterEachCallback {
    private final String prefix = "llmbridge-test:" + UUID.randomUUID();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        LocalRedis.assumeListening(context.getDisplayName());
    }

    /** Also closed after the test. */
    void closeAfter(AutoCloseable resource) {
        closing.add(resource);
    }

    /**
     * A command timeout of seconds, not the default 200 ms: this machine's two cores are shared
     * with other builds, and what is tested here is exactness, not latency. A lost connection
     * still fails at once (commands are rejected, not queued).
     */
    QuotaGate gate(int port, OnBackendFailure onFailure, Duration creditLifetime) {
        QuotaGate gate = QuotaGates.redis(new RedisQuotaSettings("redis://127.0.0.1:" + port, onFailure,
                Duration.ofSeconds(3), RedisQuotaSettings.DEFAULT_CONCURRENCY_LEASE, prefix, creditLifetime, false),
                Clock.systemUTC());
        closing.add(gate);
        return gate;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (AutoCloseable resource : closing.reversed()) {
            resource.close();
        }
        closing.clear();
        LocalRedis.deleteKeys(prefix);
    }
}
