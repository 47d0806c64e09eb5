package io.llmbridge.adapter.out.store;

import io.llmbridge.domain.Secret;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the store is and how it behaves.
 *
 * @param url            a JDBC URL: {@code jdbc:h2:file:…} (embedded) or {@code jdbc:postgresql://…}
 * @param user           null for the embedded database's default
 * @param password       null when the database needs none ({@code STORE_PASSWORD})
 * @param poolSize       connections at most
 * @param connectTimeout how long a caller waits for a connection before the store counts as down
 * @param queueCapacity  usage rows that may wait to be written; more are dropped and counted
 * @param batchSize      usage rows per insert transaction
 * @param flushInterval  how long a usage row may wait before it is written when the database is up
 * @param warnInterval   at most one warning per interval while rows wait for a database that is down
 * @param closeTimeout   how long closing waits for queued rows to be written
 */
public record StoreSettings(String url, String user, Secret password, int poolSize, Duration connectTimeout,
                           int queueCapacity, int batchSize, Duration flushInterval, Duration warnInterval,
                           Duration closeTimeout) {
    /** The embedded database created on first use, relative to the working directory. */
    public static final String EMBEDDED_URL = "jdbc:h2:file:./data/llm-bridge";

    public StoreSettings {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("store.url must start with jdbc:h2: or jdbc:postgresql:, not '"
                    + safeUrl(url) + "'");
        }
        requirePositive("poolSize", poolSize);
        requirePositive("queueCapacity", queueCapacity);
        requirePositive("batchSize", batchSize);
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("flushInterval", flushInterval);
        requirePositive("warnInterval", warnInterval);
        requirePositive("closeTimeout", closeTimeout);
    }

    /** The defaults for {@code url}: 100,000 queued rows, batches of 500, written every half second. */
    public static StoreSettings of(String url, String user, Secret password) {
        return new StoreSettings(url, user, password, 8, Duration.ofSeconds(5), 100_000, 500,
                Duration.ofMillis(500), Duration.ofSeconds(60), Duration.ofSeconds(10));
    }

    public StoreSettings withQueueCapacity(int capacity) {
        return new StoreSettings(url, user, password, poolSize, connectTimeout, capacity, batchSize, flushInterval,
                warnInterval, closeTimeout);
    }

    public StoreSettings withTimeouts(Duration connect, Duration close) {
        return new StoreSettings(url, user, password, poolSize, connect, queueCapacity, batchSize, flushInterval,
                warnInterval, close);
    }

    /** The URL without its parameters, where a password may be written: for messages. */
    public String safeUrl() {
        return safeUrl(url);
    }

    private static String safeUrl(String url) {
        int parameters = url.indexOf('?') >= 0 ? url.indexOf('?') : url.indexOf(';');
        return parameters < 0 ? url : url.substring(0, parameters);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + value);
        }
    }
}
