package io.llmbridge.adapter.out.tracing;

import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.Usage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;

import java.util.List;

/**
 * Describes the request's spans from its record, when the request ends. The request span says
 * who called (the key's name and team, never the key), what was asked, how it was routed and
 * how it ended; the attempt that answered says what answered (model, the answer's id, finish
 * reason, upstream request id), the usage, and who called, and is ended here. The answer is on
 * one span only, so a backend that sums {@code gen_ai.usage.*} over a trace counts each call
 * once; with no attempt span to take it (none answered), it goes on the request span. The
 * record arrives on the request's thread, inside its span; one that arrives elsewhere (a stream
 * stopped by the drain) leaves the spans as the request ends them.
 */
final class RecordedSpans implements ChatRecorder {
    @Override
    public void record(ChatRecord record) {
        RequestSpan request = RequestSpan.current();
        if (request == null || !request.isRecording()) {
            return;
        }
        Span span = request.span();
        RequestContext context = record.request().context();
        span.setAttribute(GenAi.REQUEST_ID, context.requestId());
        span.setAttribute(GenAi.ACTION, context.action());
        span.setAttribute(GenAi.TRANSPORT, context.transport().name().toLowerCase(java.util.Locale.ROOT));
        String operation = operation(context.action());
        if (operation != null) {
            span.setAttribute(GenAi.OPERATION, operation);
            span.setAttribute(GenAi.STREAM, record.request().stream());
        }
        describeCaller(span, record);
        if (record.request().requestedModel() != null) {
            span.setAttribute(GenAi.REQUEST_MODEL, record.request().requestedModel());
        }
        ChatRecord.Routing routing = record.routing();
        if (routing.route() != null) {
            span.setAttribute(GenAi.PROVIDER, routing.route().ref().provider());
            span.setAttribute(GenAi.RETRIES, (long) routing.retries());
        }
        ChatRecord.Ending ending = record.ending();
        if (ending.error() != null) {
            span.setAttribute(GenAi.ERROR_TYPE, AttemptSpans.errorType(ending.error()));
            span.setStatus(StatusCode.ERROR);
        }
        if (ending.timeToFirstChunk() != null) {
            span.addEvent(GenAi.FIRST_CHUNK, context.receivedAt().plus(ending.timeToFirstChunk()));
        }
        Span attempt = request.takeAnswered();
        if (attempt == null) {
            describeAnswer(span, record);
            return;
        }
        describeCaller(attempt, record);
        describeAnswer(attempt, record);
        attempt.end();
    }

    private static void describeCaller(Span span, ChatRecord record) {
        if (record.request().caller() != null) {
            span.setAttribute(GenAi.KEY_NAME, record.request().caller().name());
            if (record.request().caller().team() != null) {
                span.setAttribute(GenAi.TEAM, record.request().caller().team());
            }
        }
    }

    /** What the answer said about itself and what it cost: on the attempt that gave it. */
    private static void describeAnswer(Span span, ChatRecord record) {
        ModelRoute answering = record.routing().answeringRoute();
        if (answering != null) {
            span.setAttribute(GenAi.RESPONSE_MODEL, answering.upstreamModel());
            span.setAttribute(GenAi.ANSWERED_BY, answering.ref().id());
        }
        if (record.answer().responseId() != null) {
            span.setAttribute(GenAi.RESPONSE_ID, record.answer().responseId());
        }
        if (record.answer().finishReason() != null) {
            span.setAttribute(GenAi.FINISH_REASONS, List.of(record.answer().finishReason()));
        }
        if (record.answer().upstreamRequestId() != null) {
            span.setAttribute(GenAi.UPSTREAM_REQUEST_ID, record.answer().upstreamRequestId());
        }
        Usage usage = record.ending().usage();
        if (usage != null) {
            set(span, GenAi.INPUT_TOKENS, usage.promptTokens());
            set(span, GenAi.OUTPUT_TOKENS, usage.completionTokens());
            set(span, GenAi.CACHED_TOKENS, usage.cachedTokens());
            set(span, GenAi.REASONING_TOKENS, usage.reasoningTokens());
            span.setAttribute(GenAi.USAGE_SOURCE, usage.source().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private static String operation(String action) {
        return switch (action) {
            case RequestContext.CHAT_COMPLETION -> "chat";
            case RequestContext.EMBEDDINGS -> "embeddings";
            default -> null;
        };
    }

    private static void set(Span span, io.opentelemetry.api.common.AttributeKey<Long> key, Long value) {
        if (value != null) {
            span.setAttribute(key, value);
        }
    }
}
