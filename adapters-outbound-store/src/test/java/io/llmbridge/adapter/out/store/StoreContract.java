package io.llmbridge.adapter.out.store;

import io.llmbridge.application.port.out.DuplicateKeyNameException;
import io.llmbridge.application.port.out.KeyStore;
import io.llmbridge.application.port.out.UsageGroup;
import io.llmbridge.application.port.out.UsageQuery;
import io.llmbridge.application.port.out.UsageQuery.Dimension;
import io.llmbridge.application.port.out.UsageStore;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.KeyHash;
import io.llmbridge.domain.KeyUpdate;
import io.llmbridge.domain.ManagedKey;
import io.llmbridge.domain.ModelAllowList;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.Outcome;
import io.llmbridge.domain.PresentedKey;
import io.llmbridge.domain.Prices;
import io.llmbridge.domain.Usage;
import io.llmbridge.domain.UsageRow;
import io.llmbridge.domain.UsageSource;
import io.llmbridge.domain.UsageTotals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every database behind the store must do; each subclass supplies fresh databases of its kind. */
abstract class StoreContract {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00.123456Z");
    private static final ModelRef MINI = ModelRef.parse("openai/gpt-4o-mini");
    private static final ModelRef ECHO = ModelRef.parse("echo/echo-1");
    private static final Prices PRICES = new Prices("USD", Map.of(MINI.id(),
            new Prices.Price(new BigDecimal("0.15"), new BigDecimal("0.60"), new BigDecimal("0.075"))));
    private static final long WAIT_SECONDS = 30;

    private final List<AutoCloseable> opened = new ArrayList<>();

    /** A new, empty database. */
    abstract StoreSettings freshDatabase() throws Exception;

    /** A new, empty database that the test can take down and bring back. */
    abstract Outage outage() throws Exception;

    interface Outage extends AutoCloseable {
        StoreSettings settings();

        void down() throws Exception;

        void up() throws Exception;
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
    }

    JdbcStore open(StoreSettings settings) {
        JdbcStore store = JdbcStore.open(settings);
        opened.add(store);
        return store;
    }

    private static ManagedKey key(String name, String team) {
        return ManagedKey.issued(PresentedKey.generate(RANDOM).publicId(), name, team, Caller.Role.USER,
                ModelAllowList.ANY, null, null, null, NOW);
    }

    private static KeyHash someHash() {
        return PresentedKey.generate(RANDOM).hash(RANDOM);
    }

    @Test
    void keys_are_created_found_listed_by_team_updated_and_revoked() throws Exception {
        KeyStore keys = open(freshDatabase()).keys();
        ManagedKey ci = ManagedKey.issued("0123456789abcdef", "ci-bot", "platform", Caller.Role.USER,
                ModelAllowList.of(List.of("echo/*", "openai/gpt-4o-mini")), NOW.plusSeconds(3600),
                Map.of("rpm", 60L, "daily_cost", new BigDecimal("12.50")), Map.of("owner", "ops@example.com"), NOW);
        keys.create(ci, someHash());
        ManagedKey other = key("analytics", "data");
        keys.create(other, someHash());

        assertEquals(ci, keys.find(ci.id()).orElseThrow(), "every field survives the round trip");
        assertTrue(keys.find("ffffffffffffffff").isEmpty());
        assertEquals(List.of(ci), keys.list("platform"));
        assertEquals(2, keys.list(null).size());

        ManagedKey updated = keys.update(ci.id(), KeyUpdate.NONE.team("data").role(Caller.Role.ADMIN)
                .models(ModelAllowList.ANY).expiresAt(null).limits(null).disabled(true)).orElseThrow();
        assertEquals(updated, keys.find(ci.id()).orElseThrow());
        assertEquals("data", updated.team());
        assertEquals(Caller.Role.ADMIN, updated.role());
        assertTrue(updated.models().isAny());
        assertNull(updated.expiresAt());
        assertNull(updated.limits());
        assertTrue(updated.disabled());
        assertEquals(ci.metadata(), updated.metadata(), "what the update does not name stays");
        assertEquals(2, keys.list("data").size());

        ManagedKey revoked = keys.revoke(ci.id(), NOW.plusSeconds(10)).orElseThrow();
        assertEquals(NOW.plusSeconds(10), revoked.revokedAt());
        assertEquals(revoked, keys.revoke(ci.id(), NOW.plusSeconds(99)).orElseThrow(), "the first revocation stands");
        assertTrue(keys.find(ci.id()).orElseThrow().revoked(), "a revoked key stays, for its history");
        assertTrue(keys.update("ffffffffffffffff", KeyUpdate.NONE.disabled(true)).isEmpty());
        assertTrue(keys.revoke("ffffffffffffffff", NOW).isEmpty());
    }

    @Test
    void a_duplicate_name_is_a_typed_error_and_writes_nothing() throws Exception {
        KeyStore keys = open(freshDatabase()).keys();
        keys.create(key("ci-bot", null), someHash());
        long version = keys.version();

        DuplicateKeyNameException error = assertThrows(DuplicateKeyNameException.class,
                () -> keys.create(key("ci-bot", "other"), someHash()));
        assertEquals("ci-bot", error.name());
        assertEquals(1, keys.list(null).size());
        assertEquals(version, keys.version());

        ManagedKey first = keys.list(null).getFirst();
        keys.revoke(first.id(), NOW);
        assertThrows(DuplicateKeyNameException.class, () -> keys.create(key("ci-bot", null), someHash()),
                "a revoked key's name stays taken: its usage history is found by it");
    }

    @Test
    void an_invalid_update_writes_nothing() throws Exception {
        KeyStore keys = open(freshDatabase()).keys();
        ManagedKey key = key("ci-bot", "platform");
        keys.create(key, someHash());
        long version = keys.version();

        assertThrows(IllegalArgumentException.class, () -> keys.update(key.id(), KeyUpdate.NONE.team("t".repeat(10_000))));
        assertEquals(key, keys.find(key.id()).orElseThrow());
        assertEquals(version, keys.version());
    }

    @Test
    void every_change_moves_the_version_and_active_keys_carry_what_verifies_them() throws Exception {
        KeyStore keys = open(freshDatabase()).keys();
        long start = keys.version();
        PresentedKey issued = PresentedKey.generate(RANDOM);
        ManagedKey key = ManagedKey.issued(issued.publicId(), "ci-bot", null, Caller.Role.USER, ModelAllowList.ANY,
                null, null, null, NOW);
        keys.create(key, issued.hash(RANDOM));
        ManagedKey disabled = key("disabled", null);
        keys.create(disabled, someHash());
        ManagedKey revoked = key("revoked", null);
        keys.create(revoked, someHash());
        keys.update(disabled.id(), KeyUpdate.NONE.disabled(true));
        keys.revoke(revoked.id(), NOW);
        assertEquals(start + 5, keys.version());
        assertEquals(keys.version(), keys.version(), "reading changes nothing");

        KeyStore.ActiveKeys active = keys.activeKeys();
        assertEquals(keys.version(), active.version());
        assertEquals(List.of(key.id()), active.keys().stream().map(credential -> credential.key().id()).toList());
        KeyStore.Credential credential = active.keys().getFirst();
        PresentedKey presented = PresentedKey.parse(issued.value().reveal()).orElseThrow();
        assertTrue(credential.verifies(presented));
        assertFalse(credential.verifies(new PresentedKey(issued.publicId(), PresentedKey.generate(RANDOM).secret())));
    }

    @Test
    void usage_totals_follow_every_filter_and_grouping() throws Exception {
        UsageStore usage = open(freshDatabase()).usage();
        Instant day1 = Instant.parse("2025-06-01T23:59:59Z");
        Instant day2 = Instant.parse("2025-06-02T00:00:00Z");
        usage.append(UsageRow.priced(day1, "aaaaaaaaaaaaaaaa", "alice", "platform", MINI, Outcome.SUCCESS,
                new Usage(1000L, 500L, 1500L, 100L, 400L, UsageSource.PROVIDER), PRICES));
        usage.append(UsageRow.priced(day2, "aaaaaaaaaaaaaaaa", "alice", "platform", ECHO, Outcome.FAILURE,
                null, PRICES));
        usage.append(UsageRow.priced(day2, null, "static-bob", null, MINI, Outcome.CANCELLED,
                Usage.estimated(10, 20, null), PRICES));
        usage.append(UsageRow.priced(day2.plusSeconds(60), null, "static-bob", null, ECHO, Outcome.SUCCESS,
                Usage.estimated(7, 3, null), PRICES));

        UsageGroup all = single(usage.totals(UsageQuery.ALL));
        assertEquals(new UsageTotals(4, 1, 1, 1017, 523, 1540, 100, 400, 1, 2, 40), all.totals());
        // 600 × 0.15 + 400 × 0.075 + 500 × 0.60 = 420 per million; 10 × 0.15 + 20 × 0.60 = 13.5 per million
        assertCost("0.0004335", all.cost());

        assertEquals(List.of("alice", "static-bob"), keyNames(usage.totals(UsageQuery.ALL.groupBy(Dimension.KEY))));
        List<UsageGroup> byTeam = usage.totals(UsageQuery.ALL.groupBy(Dimension.TEAM));
        assertNull(byTeam.get(0).team(), "the keys in no team come first, on every database");
        assertEquals("platform", byTeam.get(1).team());
        assertEquals(2, byTeam.get(1).totals().requests());

        List<UsageGroup> byModel = usage.totals(UsageQuery.ALL.groupBy(Dimension.MODEL));
        assertEquals(List.of(ECHO.id(), MINI.id()), byModel.stream().map(UsageGroup::model).toList());
        assertNull(byModel.get(0).cost(), "no price for echo");
        assertCost("0.0004335", byModel.get(1).cost());
        List<UsageGroup> byDay = usage.totals(UsageQuery.ALL.groupBy(Dimension.DAY));
        assertEquals(List.of(LocalDate.parse("2025-06-01"), LocalDate.parse("2025-06-02")),
                byDay.stream().map(UsageGroup::day).toList(), "days are UTC days");
        assertEquals(3, byDay.get(1).totals().requests());

        List<UsageGroup> byKeyAndModel = usage.totals(UsageQuery.ALL.groupBy(Dimension.KEY, Dimension.MODEL));
        assertEquals(4, byKeyAndModel.size());
        assertEquals("alice", byKeyAndModel.getFirst().keyName());
        assertEquals(ECHO.id(), byKeyAndModel.getFirst().model());
        assertNull(byKeyAndModel.getFirst().day());

        assertEquals(1, single(usage.totals(UsageQuery.ALL.to(day2))).totals().requests(), "to is exclusive");
        assertEquals(3, single(usage.totals(UsageQuery.ALL.from(day2))).totals().requests(), "from is inclusive");
        assertEquals(2, single(usage.totals(UsageQuery.ALL.team("platform"))).totals().requests());
        assertEquals(2, single(usage.totals(UsageQuery.ALL.model(ECHO.id()))).totals().requests());
        assertEquals(2, single(usage.totals(UsageQuery.ALL.keyName("static-bob"))).totals().requests());
        assertEquals(1, single(usage.totals(UsageQuery.ALL.keyName("static-bob").model(ECHO.id()))).totals().requests());
        assertEquals(List.of(), usage.totals(UsageQuery.ALL.team("nobody")));
        assertNull(single(usage.totals(UsageQuery.ALL.model(ECHO.id()).keyName("static-bob"))).cost(),
                "no price for the model: no cost, rather than a made-up zero");
    }

    @Test
    void keys_and_usage_survive_a_restart_without_an_explicit_flush() throws Exception {
        StoreSettings settings = freshDatabase();
        ManagedKey key = key("ci-bot", "platform");
        try (JdbcStore store = JdbcStore.open(settings)) {
            store.keys().create(key, someHash());
            for (int i = 0; i < 1234; i++) {
                store.usage().append(UsageRow.priced(NOW, key.id(), key.name(), key.team(), MINI, Outcome.SUCCESS,
                        new Usage(10L, 1L, 11L, null, null, UsageSource.PROVIDER), PRICES));
            }
        }
        JdbcStore reopened = open(settings);
        assertEquals(key, reopened.keys().find(key.id()).orElseThrow());
        assertEquals(1234, single(reopened.usage().totals(UsageQuery.ALL)).totals().requests());
        assertEquals(new UsageStore.Backlog(0, 0), reopened.usage().backlog());
    }

    @Test
    void a_schema_newer_than_the_code_is_refused_at_start() throws Exception {
        StoreSettings settings = freshDatabase();
        open(settings).close();
        execute(settings, "INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\", \"description\","
                + " \"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\")"
                + " VALUES (99, '99', 'from the future', 'SQL', 'V99__from_the_future.sql', 0, 'test', 0, TRUE)");

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> open(settings));
        assertTrue(refused.getMessage().contains("newer than this gateway"), refused.getMessage());
        assertTrue(refused.getMessage().contains("version 99"), refused.getMessage());
    }

    @Test
    void rows_wait_while_the_database_is_down_and_land_when_it_is_back() throws Exception {
        Outage outage = outage();
        opened.add(outage);
        UsageStore usage = open(outage.settings()).usage();
        usage.append(row("before"));
        usage.flush().get(WAIT_SECONDS, TimeUnit.SECONDS);

        outage.down();
        for (int i = 0; i < 5; i++) {
            usage.append(row("during"));
        }
        CompletableFuture<Void> flushed = usage.flush();
        assertThrows(TimeoutException.class, () -> flushed.get(2, TimeUnit.SECONDS),
                "nothing can be written while the database is down");
        assertEquals(new UsageStore.Backlog(5, 0), usage.backlog());
        assertThrows(io.llmbridge.domain.BridgeException.class, () -> usage.totals(UsageQuery.ALL));

        outage.up();
        flushed.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(new UsageStore.Backlog(0, 0), usage.backlog());
        List<UsageGroup> byKey = usage.totals(UsageQuery.ALL.groupBy(Dimension.KEY));
        assertEquals(List.of("before", "during"), keyNames(byKey));
        assertEquals(5, byKey.get(1).totals().requests());
    }

    @Test
    void a_full_queue_drops_the_newest_rows_and_counts_them() throws Exception {
        Outage outage = outage();
        opened.add(outage);
        UsageStore usage = open(outage.settings().withQueueCapacity(3)).usage();
        outage.down();
        for (int i = 0; i < 5; i++) {
            usage.append(row("row-" + i));
        }
        assertEquals(new UsageStore.Backlog(3, 2), usage.backlog());

        outage.up();
        usage.flush().get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(List.of("row-0", "row-1", "row-2"), keyNames(usage.totals(UsageQuery.ALL.groupBy(Dimension.KEY))));
        assertEquals(new UsageStore.Backlog(0, 2), usage.backlog());
    }

    private static UsageRow row(String keyName) {
        return UsageRow.priced(NOW, null, keyName, null, ECHO, Outcome.SUCCESS, Usage.estimated(1, 1, null), PRICES);
    }

    /** Settings that notice a database that is down quickly, so outage tests stay short. */
    static StoreSettings quickToNotice(StoreSettings settings) {
        return settings.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(10));
    }

    static void execute(StoreSettings settings, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(settings.url(), settings.user(),
                settings.password() == null ? null : settings.password().reveal());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static UsageGroup single(List<UsageGroup> groups) {
        assertEquals(1, groups.size(), groups.toString());
        return groups.getFirst();
    }

    private static List<String> keyNames(List<UsageGroup> groups) {
        return groups.stream().map(UsageGroup::keyName).toList();
    }

    private static void assertCost(String expected, BigDecimal actual) {
        assertEquals(0, new BigDecimal(expected).compareTo(actual), () -> expected + " != " + actual);
    }
}
