package io.llmbridge.application.service;

import io.llmbridge.application.port.out.CallTracing;
import io.llmbridge.application.port.out.ChatProviders;
import io.llmbridge.application.port.out.ModelCatalog;

/**
 * The upstream calls the gateway's services share: one set of key rings, key cool-downs and
 * deployment circuit breakers per provider, whichever API a call uses, so that a key a provider
 * rejected on a chat is not tried again at once for embeddings or a relayed request.
 */
public final class Upstreams {
    final UpstreamCalls calls;

    /** @param tracing traces each upstream attempt; {@link CallTracing#OFF} for none */
    public Upstreams(ModelCatalog catalog, ChatProviders providers, ResilienceSettings resilience, CallTracing tracing) {
        this.calls = new UpstreamCalls(catalog, providers, resilience, Timing.SYSTEM, tracing);
    }
}
