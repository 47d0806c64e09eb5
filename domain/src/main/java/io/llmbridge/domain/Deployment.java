package io.llmbridge.domain;

/**
 * One upstream deployment behind a public model name: the provider to call, the model id to ask
 * it for, and the deployment's share of the traffic.
 *
 * @param target {@code provider/upstream-model}: the provider's configured name and the id sent to it
 * @param weight how many requests it gets for each one a deployment of weight 1 gets
 */
public record Deployment(ModelRef target, int weight) {
    public Deployment {
        java.util.Objects.requireNonNull(target, "target");
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be at least 1");
        }
    }
}
