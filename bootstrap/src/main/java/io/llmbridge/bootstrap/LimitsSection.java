package io.llmbridge.bootstrap;

import io.llmbridge.adapter.out.limits.OnBackendFailure;
import io.llmbridge.adapter.out.limits.RedisQuotaSettings;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.quota.LimitSpec;
import io.llmbridge.domain.quota.QuotaRules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code limits} section (docs/limits.md). Everything in it is checked: a limit that is not
 * what the operator meant would hold a tenant to the wrong amount, so unknown names stop the start
 * instead of being ignored. {@code LIMITS_REDIS_URL} overrides {@code redis_url} (it may carry a
 * password, so it may also come from {@code LIMITS_REDIS_URL_FILE}).
 */
final class LimitsSection {
    static final String REDIS_URL_VARIABLE = "LIMITS_REDIS_URL";
    private static final List<String> KEYS = List.of("backend", "redis_url", "redis_key_prefix", "redis_credit",
            "redis_cluster",
            "on_backend_failure", "default_max_tokens", "default", "keys", "teams", "models", "global");
    private static final String MEMORY = "memory";
    private static final String REDIS = "redis";

    private LimitsSection() {
    }

    /**
     * @param redisUrl       null unless {@code backend: redis}
     * @param redisKeyPrefix what every quota key in Redis starts with, so that fleets can share one Redis
     * @param redisCredit    whether a replica may take quota from Redis ahead of need (docs/limits.md, "Credit")
     * @param redisCluster   whether {@code redisUrl} is a node of a Redis Cluster
     */
    record Limits(String backend, String redisUrl, String redisKeyPrefix, boolean redisCredit, boolean redisCluster,
                  OnBackendFailure onBackendFailure, QuotaRules rules) {
        static final Limits NONE = new Limits(MEMORY, null, RedisQuotaSettings.DEFAULT_KEY_PREFIX, true, false,
                OnBackendFailure.CLOSED, QuotaRules.NONE);

        boolean shared() {
            return REDIS.equals(backend);
        }
    }

    /** @param models every model the providers serve: a limit on another one is a mistake */
    static Limits read(ConfigNode node, List<ModelRoute> models, Map<String, String> environment) {
        for (String key : node.mapping().keySet()) {
            if (!KEYS.contains(key)) {
                throw node.get(key).problem("is not a limits setting (known: " + String.join(", ", KEYS) + ")");
            }
        }
        String backend = node.get("backend").string(MEMORY);
        if (!backend.equals(MEMORY) && !backend.equals(REDIS)) {
            throw node.get("backend").invalid("must be memory or redis");
        }
        boolean cluster = node.get("redis_cluster").bool(false);
        String redisUrl = redisUrl(node, environment, backend, cluster);
        String prefix = node.get("redis_key_prefix").string(RedisQuotaSettings.DEFAULT_KEY_PREFIX);
        if (prefix.contains("{") || prefix.contains("}")) {
            throw node.get("redis_key_prefix").invalid("must not contain braces (the gateway adds its hash tag)");
        }
        boolean credit = node.get("redis_credit").bool(true);
        OnBackendFailure onFailure = onBackendFailure(node.get("on_backend_failure"));
        Long defaultMaxTokens = node.get("default_max_tokens").positiveLong(QuotaRules.DEFAULT_MAX_TOKENS);
        Set<String> modelIds = models.stream().map(route -> route.ref().id()).collect(Collectors.toSet());
        Map<String, LimitSpec> modelLimits = scopes(node.get("models"));
        modelLimits.keySet().stream().filter(id -> !modelIds.contains(id)).findFirst().ifPresent(id -> {
            throw node.get("models").get(id).problem("is not a model any provider serves (provider/model, as in /v1/models)");
        });
        return new Limits(backend, redisUrl, prefix, credit, cluster, onFailure, new QuotaRules(spec(node.get("default")), scopes(node.get("keys")),
                scopes(node.get("teams")), modelLimits, spec(node.get("global")), defaultMaxTokens));
    }

    private static String redisUrl(ConfigNode node, Map<String, String> environment, String backend, boolean cluster) {
        String fromEnvironment = environment.get(REDIS_URL_VARIABLE);
        boolean inEnvironment = fromEnvironment != null && !fromEnvironment.isBlank();
        String url = inEnvironment ? fromEnvironment.strip() : node.get("redis_url").string(null);
        if (!backend.equals(REDIS)) {
            return null;
        }
        if (url == null) {
            throw node.get("redis_url").problem("is needed with backend: redis (or set " + REDIS_URL_VARIABLE + ")");
        }
        String problem = problemWith(url, cluster);
        if (problem != null) {
            throw inEnvironment ? new ConfigProblem("environment", REDIS_URL_VARIABLE, problem)
                    : node.get("redis_url").problem(problem);
        }
        return url;
    }

    /** What is wrong with the URL, without repeating it (it may carry a password); null when nothing. */
    private static String problemWith(String url, boolean cluster) {
        try {
            new RedisQuotaSettings(url, OnBackendFailure.CLOSED); // checks the scheme
        } catch (IllegalArgumentException e) {
            return "must be redis://host:port, rediss://… or redis-sentinel://…";
        }
        return cluster && url.startsWith("redis-sentinel:")
                ? "with redis_cluster: true must name one of the cluster's nodes (redis://host:port or rediss://…), not Sentinel"
                : null;
    }

    private static OnBackendFailure onBackendFailure(ConfigNode node) {
        String value = node.string("closed");
        return switch (value) {
            case "closed" -> OnBackendFailure.CLOSED;
            case "open" -> OnBackendFailure.OPEN;
            default -> throw node.invalid("must be closed or open");
        };
    }

    private static Map<String, LimitSpec> scopes(ConfigNode node) {
        Map<String, LimitSpec> scopes = new LinkedHashMap<>();
        for (String name : node.mapping().keySet()) {
            scopes.put(name, spec(node.get(name)));
        }
        return scopes;
    }

    private static LimitSpec spec(ConfigNode node) {
        try {
            return LimitSpec.fromJson(node.path(), node.jsonObject());
        } catch (IllegalArgumentException e) {
            throw new ConfigProblem(node.source(), null, e.getMessage());
        }
    }

    /**
     * Keys and teams must exist when the gateway starts: a limit on a misspelt name would hold
     * nobody. Static keys are named by {@code ACCESS_API_KEYS}; managed keys and teams by the store.
     */
    static void checkTenants(String source, QuotaRules rules, Set<String> keyNames, Set<String> teams) {
        rules.keys().keySet().stream().filter(name -> !keyNames.contains(name)).findFirst().ifPresent(name -> {
            throw new ConfigProblem(source, "limits.keys." + name, "is not the name of any access key");
        });
        rules.teams().keySet().stream().filter(name -> !teams.contains(name)).findFirst().ifPresent(name -> {
            throw new ConfigProblem(source, "limits.teams." + name, "is not the team of any managed key");
        });
    }
}
