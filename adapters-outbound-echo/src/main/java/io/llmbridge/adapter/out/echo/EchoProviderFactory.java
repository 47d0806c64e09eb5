package io.llmbridge.adapter.out.echo;

import io.llmbridge.application.port.out.ChatProvider;
import io.llmbridge.application.port.out.ChatProviderFactory;
import io.llmbridge.application.port.out.ProviderSettings;

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
