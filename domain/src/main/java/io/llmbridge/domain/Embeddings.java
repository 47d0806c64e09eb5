package io.llmbridge.domain;

import java.util.List;

/**
 * An embeddings answer: either an OpenAI-shaped upstream's body, passed on unchanged, or vectors a
 * translating provider made, which the inbound adapter writes in OpenAI's shape.
 *
 * @param json              the upstream's {@code object: list} body as received; null for vectors
 * @param vectors           one embedding per input, in input order; empty when {@code json} is set
 * @param model             the model id the answer names
 * @param usage             the prompt tokens, as reported or estimated; null when unknown
 * @param upstreamRequestId the provider's id for the call; may be null
 * @param answeredBy        the catalog id of the route that answered; set by the service
 */
public record Embeddings(String json, List<float[]> vectors, String model, Usage usage, String upstreamRequestId,
                         String answeredBy) {
    public Embeddings {
        vectors = List.copyOf(vectors);
        if ((json == null) == vectors.isEmpty()) {
            throw new IllegalArgumentException("an answer is either a passed-on body or vectors");
        }
    }

    /** An OpenAI-shaped body, passed on as it came. */
    public static Embeddings passedOn(String json, String model, Usage usage, String upstreamRequestId) {
        return new Embeddings(json, List.of(), model, usage, upstreamRequestId, null);
    }

    /** Vectors made by a provider that does not speak OpenAI's shape. */
    public static Embeddings vectors(List<float[]> vectors, String model, Usage usage, String upstreamRequestId) {
        return new Embeddings(null, vectors, model, usage, upstreamRequestId, null);
    }

    public Embeddings withUsage(Usage newUsage) {
        return new Embeddings(json, vectors, model, newUsage, upstreamRequestId, answeredBy);
    }

    public Embeddings withAnsweredBy(String routeId) {
        return new Embeddings(json, vectors, model, usage, upstreamRequestId, routeId);
    }
}
