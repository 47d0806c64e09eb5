package io.llmbridge.adapter.out.tracing;

import io.llmbridge.application.port.out.CallTracing;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ModelRoute;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

import java.util.Locale;

/**
 * One client span per upstream attempt, a child of the request's span: named and described as
 * the GenAI conventions say ({@code chat <model>}), with the attempt's number and, after a
 * failed attempt, that attempt's error type. Nothing of the request's content is read.
 */
final class AttemptSpans implements CallTracing {
    private final Tracer tracer;

    AttemptSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public Attempt attempt(ModelRoute route, Call call, String keyFingerprint) {
        RequestSpan request = RequestSpan.current();
        if (request == null || !request.isRecording()) {
            return Attempt.NONE; // unsampled: the request span alone travels in traceparent
        }
        int number = request.nextAttempt();
        var builder = tracer.spanBuilder(call.operation() + " " + route.upstreamModel()).setSpanKind(SpanKind.CLIENT)
                .setAttribute(GenAi.OPERATION, call.operation())
                .setAttribute(GenAi.PROVIDER, route.ref().provider())
                .setAttribute(GenAi.REQUEST_MODEL, route.upstreamModel())
                .setAttribute(GenAi.STREAM, call.stream())
                .setAttribute(GenAi.ATTEMPT, (long) number);
        if (call.maxTokens() != null) {
            builder.setAttribute(GenAi.MAX_TOKENS, call.maxTokens());
        }
        if (call.temperature() != null) {
            builder.setAttribute(GenAi.TEMPERATURE, call.temperature());
        }
        if (keyFingerprint != null) {
            builder.setAttribute(GenAi.KEY_FINGERPRINT, keyFingerprint);
        }
        String after = request.lastFailure();
        if (after != null) {
            builder.setAttribute(GenAi.AFTER, after);
        }
        Span span = builder.startSpan();
        return new Traced(request, span, span.makeCurrent(), call.stream());
    }

    /** What a failure is called in {@code error.type}: the gateway's error code, else its kind. */
    static String errorType(RuntimeException error) {
        if (error instanceof BridgeException failure) {
            return failure.code() != null ? failure.code() : failure.kind().name().toLowerCase(Locale.ROOT);
        }
        return error.getClass().getName();
    }

    private record Traced(RequestSpan request, Span span, Scope scope, boolean stream) implements Attempt {
        @Override
        public void answered() {
            scope.close();
            if (stream) {
                span.addEvent(GenAi.FIRST_CHUNK);
            }
            request.answeredBy(span);
        }

        @Override
        public void failed(RuntimeException error) {
            scope.close();
            String type = errorType(error);
            span.setAttribute(GenAi.ERROR_TYPE, type);
            if (error instanceof BridgeException failure && failure.upstreamStatus() != null) {
                span.setAttribute(GenAi.HTTP_STATUS, failure.upstreamStatus().longValue());
            }
            span.setStatus(StatusCode.ERROR);
            span.end();
            request.failed(type);
        }
    }
}
