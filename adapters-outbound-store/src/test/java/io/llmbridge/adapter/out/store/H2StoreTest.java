package io.llmbridge.adapter.out.store;

import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
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

    /** The same database served over TCP, so that stopping the server takes it away from the store. */
    @Override
    Outage outage() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path base = directory.resolve("served" + ++databases);
        String[] args = {"-tcp", "-tcpPort", String.valueOf(port), "-baseDir", base.toString(), "-ifNotExists"};
        StoreSettings settings = quickToNotice(StoreSettings.of("jdbc:h2:tcp://127.0.0.1:" + port + "/llm-bridge",
                null, null));
        return new Outage() {
            private Server server = Server.createTcpServer(args).start();

            @Override
            public StoreSettings settings() {
                return settings;
            }

            @Override
            public void down() {
                server.stop();
            }

            @Override
            public void up() throws SQLException {
                server = Server.createTcpServer(args).start();
            }

            @Override
            public void close() {
                server.stop();
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
