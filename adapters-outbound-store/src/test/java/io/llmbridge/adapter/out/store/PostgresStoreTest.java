package io.llmbridge.adapter.out.store;

import io.llmbridge.domain.Secret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The fleet's database: a real PostgreSQL at 127.0.0.1:5432 (trust authentication, user
 * {@code postgres} or {@code root}). Each test gets a database of its own, dropped at the end.
 */
class PostgresStoreTest extends StoreContract {
    private static final String HOST = "127.0.0.1";
    private static final int PORT = 5432;
    private static final String SERVER = "jdbc:postgresql://" + HOST + ":" + PORT + "/";
    private static final List<String> created = new ArrayList<>();
    private static String user;

    @BeforeAll
    static void findServer() {
        assumeTrue(listening(), "PostgreSQL tests skipped: nothing listens at " + HOST + ":" + PORT);
        for (String candidate : List.of("postgres", "root")) {
            try (Connection ignored = DriverManager.getConnection(SERVER + "postgres", candidate, null)) {
                user = candidate;
                return;
            } catch (SQLException e) {
                // try the next user
            }
        }
        throw new IllegalStateException("PostgreSQL listens at " + HOST + ":" + PORT
                + " but accepts neither user postgres nor root without a password");
    }

    @AfterAll
    static void dropDatabases() throws SQLException {
        for (String database : created) {
            admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
        created.clear();
    }

    @Override
    StoreSettings freshDatabase() throws SQLException {
        String database = "llmb_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
                .toLowerCase(Locale.ROOT);
        admin("CREATE DATABASE " + database);
        created.add(database);
        return StoreSettings.of(SERVER + database, user, null);
    }

    /** Down: the database refuses connections and its open ones are ended, as when a server restarts. */
    @Override
    Outage outage() throws SQLException {
        StoreSettings settings = quickToNotice(freshDatabase());
        String database = settings.url().substring(SERVER.length());
        return new Outage() {
            @Override
            public StoreSettings settings() {
                return settings;
            }

            @Override
            public void down() throws SQLException {
                admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
                admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
            }

            @Override
            public void up() throws SQLException {
                admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
            }

            @Override
            public void close() throws SQLException {
                up();
            }
        };
    }

    @Test
    void a_server_that_cannot_be_reached_stops_the_start_with_a_message_that_names_it_without_secrets()
            throws IOException {
        int closedPort;
        try (ServerSocket free = new ServerSocket(0)) {
            closedPort = free.getLocalPort();
        }
        String url = "jdbc:postgresql://" + HOST + ":" + closedPort + "/llmbridge";
        StoreSettings settings = StoreSettings.of(url + "?password=in-the-url", user, new Secret("s3cret-password"))
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1));

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> open(settings));
        assertTrue(refused.getMessage().contains(url), refused.getMessage());
        assertFalse(refused.getMessage().contains("in-the-url"), refused.getMessage());
        assertFalse(refused.getMessage().contains("s3cret-password"), refused.getMessage());
    }

    private static void admin(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", user, null);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, PORT), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
