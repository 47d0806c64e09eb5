package io.llmbridge.adapter.support.http;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1ClientRequest;

import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Headers that carry the calling thread's context to every upstream (a trace's
 * {@code traceparent}), whichever provider adapter makes the call. Set once at start-up by the
 * composition root; none are added until then, so the provider adapters need not know tracing.
 */
public final class ContextHeaders {
    private static final Consumer<BiConsumer<String, String>> NONE = headers -> {
    };
    private static volatile Consumer<BiConsumer<String, String>> writer = NONE;

    private ContextHeaders() {
    }

    /** @param headers given a sink, adds the calling thread's context headers to it */
    public static void use(Consumer<BiConsumer<String, String>> headers) {
        writer = Objects.requireNonNull(headers, "headers");
    }

    /** Adds none from now on. */
    public static void none() {
        writer = NONE;
    }

    static void addTo(Http1ClientRequest request) {
        Consumer<BiConsumer<String, String>> headers = writer;
        if (headers != NONE) {
            headers.accept((name, value) -> request.header(HeaderNames.create(name), value));
        }
    }
}
