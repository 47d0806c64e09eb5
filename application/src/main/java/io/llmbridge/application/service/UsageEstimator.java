package io.llmbridge.application.service;

import io.llmbridge.application.port.out.TokenCounter;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.GeneratedText;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.Usage;

/**
 * Fills in the usage a provider did not report: prompt tokens from the request as it was sent,
 * completion tokens from the text actually delivered. A reported usage always wins, even a
 * partial one: the provider knows what it billed.
 */
final class UsageEstimator {
    private static final System.Logger LOG = System.getLogger(UsageEstimator.class.getName());

    private final TokenCounter counter;

    /** @param counter null to estimate nothing (usage stays as reported) */
    UsageEstimator(TokenCounter counter) {
        this.counter = counter;
    }

    /** {@code reported} when there is one, else the gateway's count; null when it cannot count. */
    Usage usage(Usage reported, ModelRoute route, ChatRequest sent, GeneratedText delivered) {
        if (reported != null || counter == null) {
            return reported;
        }
        String model = route.upstreamModel();
        try {
            long prompt = counter.promptTokens(model, sent);
            long completion = delivered.isEmpty() ? 0 : counter.completionTokens(model, delivered);
            Long reasoning = delivered.reasoning().isEmpty() ? null
                    : counter.completionTokens(model, new GeneratedText(null, delivered.reasoning(), null));
            return Usage.estimated(prompt, completion, reasoning);
        } catch (RuntimeException e) {
            // Accounting must never fail a request that has been answered.
            LOG.log(System.Logger.Level.WARNING, "Could not estimate the usage of a request to " + route.ref().id(), e);
            return null;
        }
    }
}
