package io.llmbridge.bootstrap;

import io.llmbridge.adapter.out.config.StaticAccessKeys;
import io.llmbridge.domain.Secret;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every key the gateway holds, so the audit can mask any that a message or prompt echoes. */
final class GatewaySecrets {
    private GatewaySecrets() {
    }

    static List<Secret> of(GatewayConfig config, StaticAccessKeys accessKeys, Map<String, String> environment) {
        List<Secret> secrets = new ArrayList<>(accessKeys.secrets());
        for (GatewayConfig.Provider provider : config.providers()) {
            secrets.addAll(ProviderRegistry.keys(environment.get(provider.apiKeyVariable())));
        }
        return List.copyOf(secrets);
    }
}
