package io.llmbridge.bootstrap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static io.llmbridge.bootstrap.ManagedKeysEndToEndTest.ADMIN_KEY;
import static io.llmbridge.bootstrap.ManagedKeysEndToEndTest.KEYS;
import static io.llmbridge.bootstrap.ManagedKeysEndToEndTest.PRICES;
import static io.llmbridge.bootstrap.ManagedKeysEndToEndTest.PROVIDERS;
import static io.llmbridge.bootstrap.ManagedKeysEndToEndTest.chat;
import static io.llmbridge.bootstrap.ManagedKeysEndToEndTest.created;
import static io.llmbridge.bootstrap.ManagedKeysEndToEndTest.first;
import static io.llmbridge.bootstrap.ManagedKeysEndToEndTest.send;
import static io.llmbridge.bootstrap.ManagedKeysEndToEndTest.totals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two gateways sharing one real PostgreSQL (127.0.0.1:5432, user {@code postgres} or
 * {@code root}, trust authentication; a database of the test's own, dropped afterwards): keys
 * and usage are the fleet's, not one process's.
 */
class FleetEndToEndTest {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    /** The bound for a revocation to reach every replica. */
    private static final Duration REVOCATION_BOUND = Duration.ofSeconds(5);

    private String user;
    private String database;
    private TestGateway a;
    private TestGateway b;

    @BeforeEach
    void createDatabase() throws SQLException {
        assumeTrue(listening(), "Fleet test skipped: no PostgreSQL listens at 127.0.0.1:5432");
        user = List.of("postgres", "root").stream().filter(FleetEndToEndTest::accepts).findFirst()
                .orElseThrow(() -> new IllegalStateException("PostgreSQL at 127.0.0.1:5432 accepts neither postgres nor root"));
        database = "llmb_fleet_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        admin("CREATE DATABASE " + database);
        a = start();
        b = start();
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (database != null) {
            admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Test
    void keys_and_usage_are_shared_revocation_reaches_the_other_replica_and_a_restart_loses_nothing() {
        String key = (String) created(a, "{\"name\":\"svc\",\"team\":\"red\"}").get("key");
        String id = key.substring("llmb-".length(), "llmb-".length() + 16);
        assertEquals(200L, eventually(() -> b.post("/chat/completions", chat("echo/echo-1"), key).statusCode(), 200),
                "a key created on A is accepted on B within one poll");
        assertEquals(200, a.post("/chat/completions", chat("echo/echo-1"), key).statusCode());

        // Each replica writes its rows within its flush interval; a report includes its own at once.
        assertEquals(2L, eventually(() -> requests(b, key), 2L), "one report with both replicas' calls");
        assertEquals(2L, eventually(() -> requests(a, key), 2L));

        b.close();
        b = start();
        assertEquals(2L, requests(b, key), "a restarted replica loses nothing");

        assertEquals(200, send(b, "DELETE", "/admin/keys/" + id, null, ADMIN_KEY).statusCode());
        assertEquals(401L, eventually(() -> a.post("/chat/completions", chat("echo/echo-1"), key).statusCode(), 401),
                "revoked on B, refused on A within " + REVOCATION_BOUND);
    }

    /** The figure once it is {@code expected}, or as it is when {@link #REVOCATION_BOUND} has passed. */
    private static long eventually(java.util.function.LongSupplier figure, long expected) {
        long deadline = System.nanoTime() + REVOCATION_BOUND.toNanos();
        long value;
        do {
            value = figure.getAsLong();
        } while (value != expected && System.nanoTime() < deadline);
        return value;
    }

    private static long requests(TestGateway gateway, String key) {
        HttpResponse<String> report = gateway.get("/usage", key);
        return (Long) totals(first(io.llmbridge.adapter.support.json.PlainJson.parseObject(report.body()).get("keys"))).get("requests");
    }

    private TestGateway start() {
        return TestGateway.start(PROVIDERS, PRICES + "store:\n  url: " + SERVER + database + "\n  user: " + user + "\n", KEYS);
    }

    private static boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 5432), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean accepts(String user) {
        try (Connection ignored = DriverManager.getConnection(SERVER + "postgres", user, null)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private void admin(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", user, null);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
