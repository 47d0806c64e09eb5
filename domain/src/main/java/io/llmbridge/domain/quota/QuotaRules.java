package io.llmbridge.domain.quota;

import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ModelRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which limits apply to a request, from the {@code limits} section: a key's own (a managed key's
 * {@code limits}, else {@code keys.<name>}, else {@code default}), its team's, its model's and the
 * global ones.
 *
 * @param defaultMaxTokens what a request without {@code max_tokens} reserves for its answer
 */
public record QuotaRules(LimitSpec defaultKey, Map<String, LimitSpec> keys, Map<String, LimitSpec> teams,
                         Map<String, LimitSpec> models, LimitSpec global, long defaultMaxTokens) {
    public static final long DEFAULT_MAX_TOKENS = 4096;
    public static final QuotaRules NONE = new QuotaRules(LimitSpec.NONE, Map.of(), Map.of(), Map.of(), LimitSpec.NONE,
            DEFAULT_MAX_TOKENS);

    public QuotaRules {
        Objects.requireNonNull(defaultKey, "defaultKey");
        keys = Map.copyOf(keys);
        teams = Map.copyOf(teams);
        models = Map.copyOf(models);
        Objects.requireNonNull(global, "global");
        if (defaultMaxTokens < 0) {
            throw new IllegalArgumentException("default_max_tokens must not be negative, not " + defaultMaxTokens);
        }
    }

    /** True when no scope can ever have a limit: admission can be skipped altogether. */
    public boolean none() {
        return defaultKey.isEmpty() && keys.isEmpty() && teams.isEmpty() && models.isEmpty() && global.isEmpty();
    }

    /** The scopes with limits that apply to {@code caller} calling {@code model}, in the order refusals name them. */
    public List<ScopeLimits> scopesFor(Caller caller, ModelRef model) {
        List<ScopeLimits> scopes = new ArrayList<>(4);
        add(scopes, QuotaScope.key(caller.name()), keyLimits(caller));
        if (caller.team() != null) {
            add(scopes, QuotaScope.team(caller.team()), teams.getOrDefault(caller.team(), LimitSpec.NONE));
        }
        add(scopes, QuotaScope.model(model.id()), models.getOrDefault(model.id(), LimitSpec.NONE));
        add(scopes, QuotaScope.GLOBAL, global);
        return scopes;
    }

    /** The scopes the caller is subject to whatever model it calls: its key, its team and global. */
    public List<ScopeLimits> callerScopes(Caller caller) {
        List<ScopeLimits> scopes = new ArrayList<>(3);
        add(scopes, QuotaScope.key(caller.name()), keyLimits(caller));
        if (caller.team() != null) {
            add(scopes, QuotaScope.team(caller.team()), teams.getOrDefault(caller.team(), LimitSpec.NONE));
        }
        add(scopes, QuotaScope.GLOBAL, global);
        return scopes;
    }

    /** Every scope the configuration names, for an administrator's view. */
    public List<ScopeLimits> configuredScopes() {
        List<ScopeLimits> scopes = new ArrayList<>();
        keys.forEach((name, limits) -> add(scopes, QuotaScope.key(name), limits));
        teams.forEach((name, limits) -> add(scopes, QuotaScope.team(name), limits));
        models.forEach((name, limits) -> add(scopes, QuotaScope.model(name), limits));
        add(scopes, QuotaScope.GLOBAL, global);
        return scopes;
    }

    /** Whether any of {@code scopes} counts tokens or cost, so that a request's tokens must be estimated. */
    public static boolean countsTokens(List<ScopeLimits> scopes) {
        for (ScopeLimits scope : scopes) {
            for (LimitKind kind : scope.limits().limits().keySet()) {
                if (kind.measure() != LimitKind.Measure.REQUESTS) {
                    return true;
                }
            }
        }
        return false;
    }

    private LimitSpec keyLimits(Caller caller) {
        if (caller.limits() != null) {
            return caller.limits();
        }
        return keys.getOrDefault(caller.name(), defaultKey);
    }

    private static void add(List<ScopeLimits> scopes, QuotaScope scope, LimitSpec limits) {
        if (!limits.isEmpty()) {
            scopes.add(new ScopeLimits(scope, limits));
        }
    }
}
