package io.llmbridge.adapter.out.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded default: an H2 file database, created on first use. */
class H2StoreTest extends StoreContract {
    @TempDir
    Path directory;
    private int databases;

    @Override
    StoreSettings freshDatabase() {
        return StoreSettings.of("jdbc:h2:file:" + directory.resolve("db" + ++databases + "/llm-bridge"), null, null);
    }

    /**
     * The usage table taken away and given back, so every write and query of usage fails meanwhile.
     * Stopping and restarting an H2 TCP server in the same JVM sometimes left the restarted one
     * refusing the store for good (about one run in two), which tested H2's server, not the store;
     * the PostgreSQL variant takes the whole database away.
     */
    @Override
    Outage outage() {
        StoreSettings settings = quickToNotice(freshDatabase());
        return new Outage() {
            @Override
            public StoreSettings settings() {
                return settings;
            }

            @Override
            public void down() throws SQLException {
                execute(settings, "ALTER TABLE usage_row RENAME TO usage_row_away");
            }

            @Override
            public void up() throws SQLException {
                execute(settings, "ALTER TABLE usage_row_away RENAME TO usage_row");
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void the_database_file_is_created_on_first_use() {
        StoreSettings settings = freshDatabase();
        open(settings);
        Path file = Path.of(settings.url().substring("jdbc:h2:file:".length()) + ".mv.db");
        assertTrue(Files.isRegularFile(file), file.toString());
    }
}
