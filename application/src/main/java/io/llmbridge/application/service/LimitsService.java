package io.llmbridge.application.service;

import io.llmbridge.application.port.in.LimitsUseCase;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.quota.LimitStatus;
import io.llmbridge.domain.quota.QuotaRules;
import io.llmbridge.domain.quota.QuotaScope;
import io.llmbridge.domain.quota.ScopeLimits;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the limits that concern a caller from where quotas are kept, as they stand now. */
public final class LimitsService implements LimitsUseCase {
    private final Quotas quotas;

    public LimitsService(Quotas quotas) {
        this.quotas = quotas;
    }

    @Override
    public List<LimitStatus> limits(Caller caller, RequestContext context) {
        if (quotas.gate() == null) {
            return List.of();
        }
        QuotaRules rules = quotas.rules();
        // By scope, first come first kept: a managed key's own limits before the configured ones of its name.
        Map<QuotaScope, ScopeLimits> scopes = new LinkedHashMap<>();
        List<ScopeLimits> candidates = new ArrayList<>(rules.callerScopes(caller));
        rules.configuredScopes().stream()
                .filter(scope -> caller.isAdmin() || scope.scope().kind() == QuotaScope.Kind.MODEL)
                .forEach(candidates::add);
        candidates.forEach(scope -> scopes.putIfAbsent(scope.scope(), scope));
        return quotas.gate().status(scopes.values().stream()
                .sorted(Comparator.comparing((ScopeLimits scope) -> scope.scope().kind())).toList());
    }
}
