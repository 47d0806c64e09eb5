package io.llmbridge.application.port.out;

import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ModelRoute;

/**
 * Traces the upstream calls of a request where only the service sees them: one span per
 * attempt (a retry, a key rotation, a deployment failover and a fallback each get their own),
 * a child of the request's span on the calling thread. The request's own span and its
 * attributes are the tracing adapter's business (an inbound filter, a {@link ChatRecorder}).
 */
public interface CallTracing {
    /** Tracing switched off: nothing is made, nothing is kept. */
    CallTracing OFF = (route, sent, keyFingerprint) -> Attempt.NONE;

    /**
     * An upstream call is about to be made; until the attempt ends it is the calling thread's
     * current span, so the call's {@code traceparent} names it.
     *
     * @param call           what the span says of the call as sent to this route; never its content
     * @param keyFingerprint the key's fingerprint; null for a keyless provider
     */
    Attempt attempt(ModelRoute route, Call call, String keyFingerprint);

    /**
     * A call as its span describes it.
     *
     * @param operation   the GenAI operation name: {@code chat}, {@code embeddings}
     * @param maxTokens   null when the request sets none
     * @param temperature null when the request sets none
     */
    record Call(String operation, boolean stream, Long maxTokens, Double temperature) {
        /** A chat completion, as the route sends it (after its rules). */
        public static Call chat(ChatRequest sent) {
            return new Call("chat", sent.stream(), sent.maxTokens(),
                    sent.body().get("temperature") instanceof Number temperature ? temperature.doubleValue() : null);
        }

        /** A call whose body the gateway passes on without reading its parameters. */
        public static Call of(String operation, boolean stream) {
            return new Call(operation, stream, null, null);
        }
    }

    /** One upstream call. Exactly one of its two methods is called, on the thread that started it. */
    interface Attempt {
        Attempt NONE = new Attempt() {
            @Override
            public void answered() {
            }

            @Override
            public void failed(RuntimeException error) {
            }
        };

        /** The provider answered (a stream: its first chunk arrived); the span lasts until the request is recorded. */
        void answered();

        /** The call failed; the next attempt, if any, says it came after this failure. */
        void failed(RuntimeException error);
    }
}
