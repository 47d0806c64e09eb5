package io.llmbridge.domain;

import java.time.Duration;
import java.util.List;

/**
 * One catalog entry: the public name, what to call upstream, and the route's settings.
 * Variants ({@code o3-mini<high>}) are entries of their own whose {@code upstreamModel} is the
 * base id.
 *
 * @param maxTokens   the most completion tokens a request may ask for; null for no limit
 * @param timeout     non-streaming: the whole exchange; streaming: the wait for each chunk. Retries
 *                    of a route share this budget: none starts once it is spent
 * @param retries     how many more calls a failed call may get (retryable failures only)
 * @param fallbacks   other catalog routes to try, in order, once this one has failed
 * @param deployments where the calls go, balanced by weight; empty: to {@code ref} itself
 * @param kind        whether it answers chat completions or embeddings
 * @param embeddingTask for an embedding model, the task its embeddings are made for, as the provider
 *                    names it (Gemini's {@code taskType}, e.g. {@code RETRIEVAL_DOCUMENT}); null for none
 */
public record ModelRoute(ModelRef ref, String upstreamModel, Long maxTokens, Duration timeout, ParamRules paramRules,
                         int retries, List<ModelRef> fallbacks, List<Deployment> deployments, ModelKind kind,
                         String embeddingTask) {
    public ModelRoute {
        java.util.Objects.requireNonNull(ref, "ref");
        java.util.Objects.requireNonNull(kind, "kind");
        java.util.Objects.requireNonNull(timeout, "timeout");
        java.util.Objects.requireNonNull(paramRules, "paramRules");
        if (upstreamModel == null || upstreamModel.isBlank()) {
            throw new IllegalArgumentException("upstreamModel must not be blank");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be positive");
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative");
        }
        fallbacks = List.copyOf(fallbacks);
        deployments = List.copyOf(deployments);
    }

    /** A chat model's route. */
    public ModelRoute(ModelRef ref, String upstreamModel, Long maxTokens, Duration timeout, ParamRules paramRules,
                      int retries, List<ModelRef> fallbacks, List<Deployment> deployments) {
        this(ref, upstreamModel, maxTokens, timeout, paramRules, retries, fallbacks, deployments, ModelKind.CHAT, null);
    }

    /**
     * A route built without resilience settings (code and tests that predate them): no retries,
     * fallbacks nor deployments. The configuration's default of two retries is the config reader's.
     */
    public ModelRoute(ModelRef ref, String upstreamModel, Long maxTokens, Duration timeout, ParamRules paramRules) {
        this(ref, upstreamModel, maxTokens, timeout, paramRules, 0, List.of(), List.of());
    }

    /** The upstream id of a catalog name: a variant suffix in angle brackets is dropped. */
    public static String baseModelId(String catalogName) {
        int variant = catalogName.indexOf('<');
        return variant > 0 && catalogName.endsWith(">") ? catalogName.substring(0, variant) : catalogName;
    }

    /**
     * The route a call to one of its deployments takes: named after the deployment
     * ({@code provider/upstream-model}), with this route's limits and rules.
     */
    public ModelRoute toDeployment(Deployment deployment) {
        return new ModelRoute(deployment.target(), deployment.target().model(), maxTokens, timeout, paramRules,
                retries, List.of(), List.of(), kind, embeddingTask);
    }
}
