package io.llmbridge.adapter.out.tracing;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerRequestHeaders;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.List;

/**
 * A server span for every request under the API's prefix, continuing the caller's W3C
 * {@code traceparent} and {@code tracestate} (an invalid one starts a new trace). The handler
 * runs inside it, so the request's attempts are its children and its log lines carry its ids;
 * a stream is answered whole before the chain returns, so the span covers it.
 */
final class ServerSpans implements Filter {
    /** Span names keep at most this many path segments: {@code /v1/admin/keys/<id>} is named {@code /v1/admin/keys}. */
    private static final int NAMED_SEGMENTS = 3;
    private static final int LONGEST_NAME = 80;
    private static final HeaderName TRACEPARENT = HeaderNames.create("traceparent");
    private static final HeaderName TRACESTATE = HeaderNames.create("tracestate");
    private static final TextMapGetter<ServerRequestHeaders> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(ServerRequestHeaders headers) {
            return List.of(TRACEPARENT.lowerCase(), TRACESTATE.lowerCase());
        }

        @Override
        public String get(ServerRequestHeaders headers, String key) {
            if (headers == null) {
                return null;
            }
            HeaderName name = TRACEPARENT.lowerCase().equals(key) ? TRACEPARENT : TRACESTATE.lowerCase().equals(key) ? TRACESTATE : null;
            return name == null ? null : headers.first(name).orElse(null);
        }
    };

    private final Tracer tracer;
    private final String prefix;

    ServerSpans(Tracer tracer, String prefix) {
        this.tracer = tracer;
        this.prefix = prefix;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        if (!path.startsWith(prefix)) {
            chain.proceed();
            return;
        }
        Context caller = W3CTraceContextPropagator.getInstance().extract(Context.root(), req.headers(), HEADERS);
        String method = req.prologue().method().text();
        RequestSpan request = RequestSpan.start(tracer.spanBuilder(method + " " + route(path))
                .setAttribute(GenAi.HTTP_METHOD, method)
                .setAttribute(GenAi.URL_PATH, path.length() > LONGEST_NAME * 4 ? path.substring(0, LONGEST_NAME * 4) : path), caller);
        try (Scope ignored = request.makeCurrent()) {
            chain.proceed();
        } finally {
            request.end(res.status().code());
        }
    }

    /** The span's name: a few leading segments of the path, so a client's ids do not make a name each. */
    static String route(String path) {
        int end = 0;
        for (int segments = 0; segments < NAMED_SEGMENTS; segments++) {
            int next = path.indexOf('/', end + 1);
            if (next < 0) {
                end = path.length();
                break;
            }
            end = next;
        }
        return end > LONGEST_NAME ? path.substring(0, LONGEST_NAME) : path.substring(0, end);
    }
}
