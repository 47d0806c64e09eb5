package io.llmbridge.bootstrap;

import io.llmbridge.adapter.out.echo.EchoProviderFactory;
import io.llmbridge.adapter.out.limits.OnBackendFailure;
import io.llmbridge.domain.quota.LimitKind;
import io.llmbridge.domain.quota.LimitSpec;
import io.llmbridge.domain.quota.QuotaRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code limits} section: the shape is read whole, and every mistake stops the start with one line. */
class ConfigReaderLimitsTest {
    private static final String PROVIDERS = "providers:\n  openai:\n    adapter: echo\n    models: {gpt-4.1: {}}\n";
    @TempDir
    Path dir;

    private GatewayConfig read(String yaml, Map<String, String> environment) throws IOException {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, PROVIDERS + yaml);
        return new ConfigReader(List.of(new EchoProviderFactory()), warning -> {
        }).read(file, environment);
    }

    private String problem(String yaml) {
        return assertThrows(ConfigProblem.class, () -> read(yaml, Map.of())).getMessage();
    }

    @Test
    void the_documented_section_is_read_whole() throws IOException {
        GatewayConfig config = read("""
                limits:
                  backend: redis
                  redis_url: redis://127.0.0.1:6379
                  on_backend_failure: open
                  default: {rpm: 600, concurrent: 32}
                  keys:  {alice: {rpm: 60, tpm: 20000, concurrent: 2, daily_tokens: 500000}}
                  teams: {search: {rpm: 1000, monthly_cost: 2000}}
                  models: {openai/gpt-4.1: {tpm: 2000000}}
                  global: {rpm: 20000}
                """, Map.of());
        LimitsSection.Limits limits = config.limits();
        assertTrue(limits.shared());
        assertEquals("redis://127.0.0.1:6379", limits.redisUrl());
        assertEquals(OnBackendFailure.OPEN, limits.onBackendFailure());
        assertTrue(limits.redisCredit(), "credit is on unless turned off");
        QuotaRules rules = limits.rules();
        assertEquals(new BigDecimal(600), rules.defaultKey().get(LimitKind.RPM).orElseThrow());
        assertEquals(new BigDecimal(500000), rules.keys().get("alice").get(LimitKind.DAILY_TOKENS).orElseThrow());
        assertEquals(new BigDecimal(2000), rules.teams().get("search").get(LimitKind.MONTHLY_COST).orElseThrow());
        assertEquals(new BigDecimal(2000000), rules.models().get("openai/gpt-4.1").get(LimitKind.TPM).orElseThrow());
        assertEquals(new BigDecimal(20000), rules.global().get(LimitKind.RPM).orElseThrow());
        assertEquals(QuotaRules.DEFAULT_MAX_TOKENS, rules.defaultMaxTokens());
    }

    @Test
    void without_the_section_nothing_is_limited_in_memory_failing_closed() throws IOException {
        LimitsSection.Limits limits = read("", Map.of()).limits();
        assertFalse(limits.shared());
        assertTrue(limits.rules().none());
        assertEquals(OnBackendFailure.CLOSED, limits.onBackendFailure());
    }

    @Test
    void credit_can_be_turned_off_so_that_redis_decides_every_admission() throws IOException {
        assertFalse(read("limits:\n  backend: redis\n  redis_url: redis://cache:6379\n  redis_credit: false\n", Map.of())
                .limits().redisCredit());
    }

    @Test
    void a_redis_cluster_is_named_by_one_of_its_nodes_never_through_sentinel() throws IOException {
        assertFalse(read("limits:\n  backend: redis\n  redis_url: redis://cache:6379\n", Map.of()).limits().redisCluster());
        assertTrue(read("limits:\n  backend: redis\n  redis_url: rediss://node-1.cache:6379\n  redis_cluster: true\n", Map.of())
                .limits().redisCluster());
        String message = problem("limits:\n  backend: redis\n  redis_url: redis-sentinel://user:hunter2-secret@sentinel:26379/0#primary\n"
                + "  redis_cluster: true\n");
        assertTrue(message.contains("limits.redis_url: with redis_cluster: true must name one of the cluster's nodes"), message);
        assertFalse(message.contains("hunter2"), "the URL may carry a password: " + message);
        assertTrue(problem("limits:\n  redis_cluster: yes please\n").contains("limits.redis_cluster: must be true or false"));
    }

    @Test
    void bad_values_name_the_key_and_what_is_wrong() {
        assertTrue(problem("limits:\n  keys: {alice: {rpm: -1}}\n").endsWith("limits.keys.alice.rpm must not be negative, not -1"));
        assertTrue(problem("limits:\n  teams: {search: {rqm: 5}}\n").contains("limits.teams.search: unknown limit 'rqm'"));
        assertTrue(problem("limits:\n  users: {bob: {rpm: 5}}\n").contains("limits.users: is not a limits setting"));
        assertTrue(problem("limits:\n  backend: mongo\n").contains("limits.backend: must be memory or redis, not 'mongo'"));
        assertTrue(problem("limits:\n  on_backend_failure: maybe\n").contains("must be closed or open"));
        assertTrue(problem("limits:\n  models: {openai/gpt-5: {rpm: 1}}\n").contains("limits.models.openai/gpt-5: is not a model"));
        assertTrue(problem("limits:\n  global: {tpm: 1.5}\n").contains("limits.global.tpm must be a whole number"));
        assertTrue(problem("limits:\n  default: {rpm: fast}\n").contains("limits.default.rpm must be a number"));
        assertTrue(problem("limits:\n  backend: redis\n").contains("limits.redis_url: is needed with backend: redis"));
        assertTrue(problem("limits:\n  redis_key_prefix: \"{x}\"\n").contains("must not contain braces"));
        assertTrue(problem("limits:\n  redis_credit: sometimes\n").contains("limits.redis_credit: must be true or false"));
    }

    @Test
    void a_bad_redis_url_is_refused_without_repeating_it_and_the_environment_may_give_it() throws IOException {
        String message = problem("limits:\n  backend: redis\n  redis_url: http://user:hunter2-secret@cache:6379\n");
        assertTrue(message.contains("limits.redis_url: must be redis://"), message);
        assertFalse(message.contains("hunter2-secret"), "the URL may carry a password: " + message);

        GatewayConfig config = read("limits:\n  backend: redis\n", Map.of("LIMITS_REDIS_URL", "redis://:pw-123456@cache:6379"));
        assertEquals("redis://:pw-123456@cache:6379", config.limits().redisUrl());
    }

    @Test
    void keys_and_teams_must_exist_when_the_gateway_starts() {
        QuotaRules rules = new QuotaRules(LimitSpec.NONE,
                Map.of("alcie", LimitSpec.NONE), Map.of(), Map.of(),
                LimitSpec.NONE, 1);
        String message = assertThrows(ConfigProblem.class,
                () -> LimitsSection.checkTenants("config.yaml", rules, Set.of("alice"), Set.of())).getMessage();
        assertEquals("config.yaml: limits.keys.alcie: is not the name of any access key", message);
    }
}
