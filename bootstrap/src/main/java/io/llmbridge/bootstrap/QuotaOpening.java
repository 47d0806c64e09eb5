package io.llmbridge.bootstrap;

import io.llmbridge.adapter.out.config.StaticAccessKeys;
import io.llmbridge.adapter.out.limits.QuotaGates;
import io.llmbridge.adapter.out.limits.RedisQuotaSettings;
import io.llmbridge.application.port.out.KeyStore;
import io.llmbridge.application.port.out.QuotaGate;
import io.llmbridge.application.service.Quotas;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ManagedKey;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Opens where quotas are kept, once the keys are known: a {@code limits} section naming a key or
 * team that does not exist stops the start. There is always a gate, since managed keys may carry
 * limits of their own; a request no limit applies to never reaches it.
 */
final class QuotaOpening {
    private QuotaOpening() {
    }

    static QuotaGate open(GatewayConfig config, StaticAccessKeys staticKeys, KeyStore store) {
        LimitsSection.Limits limits = config.limits();
        Set<ManagedKey> managed = store.activeKeys().keys().stream().map(KeyStore.Credential::key).collect(Collectors.toSet());
        Set<String> names = new HashSet<>(staticKeys.listed().stream().map(Caller::name).toList());
        managed.forEach(key -> names.add(key.name()));
        Set<String> teams = managed.stream().map(ManagedKey::team).filter(Objects::nonNull).collect(Collectors.toSet());
        LimitsSection.checkTenants(config.file().toString(), limits.rules(), names, teams);
        return limits.shared()
                ? QuotaGates.redis(new RedisQuotaSettings(limits.redisUrl(), limits.onBackendFailure(),
                RedisQuotaSettings.DEFAULT_TIMEOUT, RedisQuotaSettings.DEFAULT_CONCURRENCY_LEASE, limits.redisKeyPrefix(),
                limits.redisCredit() ? RedisQuotaSettings.DEFAULT_CREDIT_LIFETIME : Duration.ZERO, limits.redisCluster()),
                Clock.systemUTC())
                : QuotaGates.memory(Clock.systemUTC());
    }

    static Quotas quotas(QuotaGate gate, GatewayConfig config) {
        return new Quotas(gate, config.limits().rules(), config.prices());
    }
}
