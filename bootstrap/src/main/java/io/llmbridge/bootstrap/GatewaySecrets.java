package io.llmbridge.bootstrap;

import io.llmbridge.adapter.out.config.StaticAccessKeys;
import io.llmbridge.application.port.out.provider.OutboundProxy;
import io.llmbridge.application.port.out.provider.ProxyServer;
import io.llmbridge.domain.Secret;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every secret the gateway holds (access keys, provider keys, outbound proxy passwords, the store's and Redis's passwords), so the
 * audit can mask any that a message or prompt echoes.
 */
final class GatewaySecrets {
    private GatewaySecrets() {
    }

    static List<Secret> of(GatewayConfig config, StaticAccessKeys accessKeys, Map<String, String> environment) {
        List<Secret> secrets = new ArrayList<>(accessKeys.secrets());
        for (GatewayConfig.Provider provider : config.providers()) {
            secrets.addAll(ProviderRegistry.keys(environment.get(provider.apiKeyVariable())));
        }
        secrets.addAll(proxyPasswords(config.network().proxy()));
        if (config.store().password() != null) {
            secrets.add(config.store().password());
        }
        redisPassword(config.limits().redisUrl()).ifPresent(secrets::add);
        return List.copyOf(secrets);
    }

    /** {@code redis://user:password@host} or the older {@code redis://password@host}. */
    private static Optional<Secret> redisPassword(String redisUrl) {
        String userInfo = redisUrl == null ? null : URI.create(redisUrl).getUserInfo();
        if (userInfo == null) {
            return Optional.empty();
        }
        String password = userInfo.substring(userInfo.indexOf(':') + 1);
        return password.isBlank() ? Optional.empty() : Optional.of(new Secret(password));
    }

    /** A proxy's credentials travel in every CONNECT, and a proxy's error page may echo them. */
    private static List<Secret> proxyPasswords(OutboundProxy proxy) {
        if (proxy == null) {
            return List.of();
        }
        return Stream.of(proxy.http(), proxy.https()).filter(Objects::nonNull).map(ProxyServer::password)
                .filter(Objects::nonNull).distinct().toList();
    }
}
