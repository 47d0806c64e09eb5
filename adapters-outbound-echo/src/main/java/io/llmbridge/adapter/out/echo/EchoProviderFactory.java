package io.llmbridge.adapter.out.echo;

import io.llmbridge.application.port.out.provider.ChatProvider;
import io.llmbridge.application.port.out.provider.ChatProviderFactory;
import io.llmbridge.application.port.out.provider.ProviderSettings;

/** {@code adapter: echo}: answers offline, for the quick start, smoke tests and client tests. */
public final class EchoProviderFactory implements ChatProviderFactory {
    @Override
    public String adapter() {
        return "echo";
    }

    @Override
    public boolean requiresApiKey() {
        return false;
    }

    @Override
    public ChatProvider create(ProviderSettings settings) {
        return new EchoChatProvider(java.time.Clock.systemUTC());
    }
}
