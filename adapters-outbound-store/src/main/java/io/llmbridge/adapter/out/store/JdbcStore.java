package io.llmbridge.adapter.out.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.llmbridge.application.port.out.KeyStore;
import io.llmbridge.application.port.out.UsageStore;

/**
 * The store's public entry: one connection pool, its schema brought up to date, and the two
 * ports on top of it. Closing writes the usage rows still queued (boundedly), then closes the pool.
 */
public final class JdbcStore implements AutoCloseable {
    private final HikariDataSource pool;
    private final JdbcKeyStore keys;
    private final UsageWriter writer;
    private final JdbcUsageStore usage;

    private JdbcStore(HikariDataSource pool, StoreSettings settings) {
        this.pool = pool;
        this.keys = new JdbcKeyStore(pool);
        this.writer = new UsageWriter(pool, settings);
        this.usage = new JdbcUsageStore(pool, writer, settings.connectTimeout());
    }

    /**
     * Connects, migrates the schema and starts the usage writer.
     *
     * @throws IllegalStateException when the database cannot be reached or its schema is newer
     *                               than this code (the message says which)
     */
    public static JdbcStore open(StoreSettings settings) {
        HikariDataSource pool = pool(settings);
        try {
            Migrations.apply(pool);
            return new JdbcStore(pool, settings);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    public KeyStore keys() {
        return keys;
    }

    public UsageStore usage() {
        return usage;
    }

    @Override
    public void close() {
        try {
            writer.close();
        } finally {
            pool.close();
        }
    }

    private static HikariDataSource pool(StoreSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("llm-bridge-store");
        config.setJdbcUrl(settings.url());
        if (settings.user() != null) {
            config.setUsername(settings.user());
        }
        if (settings.password() != null) {
            config.setPassword(settings.password().reveal());
        }
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(1);
        config.setConnectionTimeout(settings.connectTimeout().toMillis());
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("The store at " + settings.safeUrl()
                    + " cannot be reached: " + e.getMessage(), e);
        }
    }
}
