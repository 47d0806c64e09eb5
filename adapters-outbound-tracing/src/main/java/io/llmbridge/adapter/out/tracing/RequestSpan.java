package io.llmbridge.adapter.out.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import org.slf4j.MDC;

/**
 * The server span of one request (an HTTP request under {@code /v1}, or one WebSocket chat) and
 * what its attempts leave behind: the span of the attempt that answered, ended with the
 * request's record, and the error type of the last failed one, named by the next. It is found
 * in the current {@link Context}; a request has one thread at a time.
 */
final class RequestSpan {
    /** The application log's and the audit's names for the ids (Elastic Common Schema). */
    static final String TRACE_ID = "trace.id";
    static final String SPAN_ID = "span.id";

    private static final ContextKey<RequestSpan> KEY = ContextKey.named("llm-bridge-request-span");

    private final Span span;
    private final Context context;
    private Span answered;
    private String lastFailure;
    private int attempts;
    private boolean ended;

    private RequestSpan(Span span, Context parent) {
        this.span = span;
        this.context = parent.with(span).with(KEY, this);
    }

    /** Starts a server span under {@code parent} (the caller's trace, or none). */
    static RequestSpan start(SpanBuilder builder, Context parent) {
        return new RequestSpan(builder.setParent(parent).setSpanKind(SpanKind.SERVER).startSpan(), parent);
    }

    /** The request span of the calling thread; null outside one. */
    static RequestSpan current() {
        return Context.current().get(KEY);
    }

    Span span() {
        return span;
    }

    boolean isRecording() {
        return span.isRecording();
    }

    /**
     * Makes it the thread's current span, with its ids in the log's MDC while sampled, until the
     * returned scope is closed (on the same thread).
     */
    Scope makeCurrent() {
        Scope scope = context.makeCurrent();
        if (!span.getSpanContext().isSampled()) {
            return scope;
        }
        MDC.put(TRACE_ID, span.getSpanContext().getTraceId());
        MDC.put(SPAN_ID, span.getSpanContext().getSpanId());
        return () -> {
            MDC.remove(TRACE_ID);
            MDC.remove(SPAN_ID);
            scope.close();
        };
    }

    /** The number the next attempt gets, from 1; and the error type of the attempt before it, null for none. */
    synchronized int nextAttempt() {
        return ++attempts;
    }

    synchronized String lastFailure() {
        return lastFailure;
    }

    synchronized void failed(String errorType) {
        lastFailure = errorType;
    }

    /** The attempt that answered: it lasts until the request is recorded (a stream: until it ends). */
    synchronized void answeredBy(Span attempt) {
        answered = attempt;
    }

    /** The answering attempt's span, once: its caller ends it. Null when none answered or it was taken. */
    synchronized Span takeAnswered() {
        Span attempt = answered;
        answered = null;
        return attempt;
    }

    /** Ends the answering attempt, if still open, and the request span; later calls do nothing. */
    void end(int httpStatus) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
        }
        Span attempt = takeAnswered();
        if (attempt != null) {
            attempt.end();
        }
        if (httpStatus > 0) {
            span.setAttribute(GenAi.HTTP_STATUS, (long) httpStatus);
            if (httpStatus >= 500) {
                span.setStatus(StatusCode.ERROR);
            }
        }
        span.end();
    }
}
