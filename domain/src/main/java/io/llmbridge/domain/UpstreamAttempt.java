package io.llmbridge.domain;

import java.time.Duration;

/**
 * One call to an upstream while answering a request: retries, key rotations, fallbacks and
 * deployment failovers each add one, in the order they happened.
 *
 * @param model          the route called, {@code provider/model} (a deployment's own name for deployments)
 * @param keyFingerprint {@link Secret#fingerprint()} of the API key used; null for keyless providers
 * @param duration       from sending the call to its answer (for streams: the first chunk) or failure
 * @param error          why it failed; null when it answered
 * @param circuit        the change this call made to its deployment's circuit breaker; null for none
 */
public record UpstreamAttempt(ModelRef model, String keyFingerprint, Duration duration, BridgeException error,
                              CircuitChange circuit) {
    public UpstreamAttempt {
        java.util.Objects.requireNonNull(model, "model");
        java.util.Objects.requireNonNull(duration, "duration");
    }

    public boolean failed() {
        return error != null;
    }

    /** What a call did to its deployment's circuit breaker. */
    public enum CircuitChange {
        /** This failure opened it: the deployment gets no calls until its delay has passed. */
        OPENED,
        /** This call was the trial after the delay and succeeded: calls flow again. */
        CLOSED
    }
}
