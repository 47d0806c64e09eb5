package io.llmbridge.adapter.out.audit;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatContent;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ClientText;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.Usage;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.llmbridge.adapter.out.audit.AuditFields.*;

/**
 * One finished request as the audit's fields. A field with nothing to say is left out rather
 * than written as null, so "absent" means the same in every event and keeps the index small.
 */
final class AuditEvent {
    static final String DATASET = "llm_bridge.audit";
    /** Long enough for any message the gateway writes; an upstream's essay is cut. */
    static final int MAX_ERROR_MESSAGE = 1000;
    private static final Set<String> CONTENT = Set.of(PROMPT, COMPLETION);

    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final Redaction redaction;

    private AuditEvent(Redaction redaction) {
        this.redaction = redaction;
    }

    /** The fields after {@code @timestamp}, which the encoder writes from the logging event. */
    static Map<String, Object> fields(ChatRecord record, Redaction redaction) {
        return fields(record, redaction, TraceIds.NONE);
    }

    /** @param trace the request's trace, to join the audit with the tracing backend */
    static Map<String, Object> fields(ChatRecord record, Redaction redaction, TraceIds trace) {
        AuditEvent event = new AuditEvent(redaction);
        ChatRecord.Request request = record.request();
        ChatRecord.Routing routing = record.routing();
        ChatRecord.Ending ending = record.ending();
        event.put(EVENT_ACTION, request.context().action());
        event.put(EVENT_DATASET, DATASET);
        event.put(EVENT_OUTCOME, ending.outcome().label());
        event.put(EVENT_REASON, ending.cancelReason());
        event.put(EVENT_DURATION, ending.duration().toNanos());
        event.put(REQUEST_ID, request.context().requestId());
        event.put(CLIENT_IP, request.context().clientIp());
        event.put(USER_NAME, request.caller() == null ? null : request.caller().name());
        event.put(TRANSPORT, request.context().transport().label());
        event.put(STREAM, request.stream());
        event.put(MODEL_REQUESTED, request.requestedModel());
        event.put(ADMIN_KEY_ID, request.keyId());
        ModelRoute route = routing.route();
        if (route != null) {
            event.put(PROVIDER, route.ref().provider());
            event.put(MODEL_UPSTREAM, route.upstreamModel());
        }
        // Which model answered: the requested one, a fallback or a deployment (issue 7).
        if (routing.answeringRoute() != null) {
            event.put(MODEL_ANSWERED, routing.answeringRoute().ref().id());
        }
        event.put(STATUS_CODE, HttpStatus.of(record));
        BridgeException error = ending.error();
        if (error != null) {
            event.put(ERROR_TYPE, error.kind().name().toLowerCase(Locale.ROOT));
            event.put(ERROR_CODE, error.code());
            event.put(ERROR_MESSAGE, error.getMessage());
            event.put(UPSTREAM_STATUS_CODE, error.upstreamStatus());
        }
        Usage usage = ending.usage();
        if (usage != null) {
            event.put(USAGE_PROMPT_TOKENS, usage.promptTokens());
            event.put(USAGE_COMPLETION_TOKENS, usage.completionTokens());
            event.put(USAGE_TOTAL_TOKENS, usage.totalTokens());
            event.put(USAGE_REASONING_TOKENS, usage.reasoningTokens());
            event.put(USAGE_CACHED_TOKENS, usage.cachedTokens());
            event.put(USAGE_SOURCE, usage.source().name().toLowerCase(Locale.ROOT));
        }
        event.put(TTFT_MS, ending.timeToFirstChunk() == null ? null : ending.timeToFirstChunk().toMillis());
        event.put(FINISH_REASON, record.answer().finishReason());
        event.put(UPSTREAM_REQUEST_ID, record.answer().upstreamRequestId());
        event.put(RESPONSE_ID, record.answer().responseId());
        if (!routing.attempts().isEmpty()) {
            event.put(RETRIES, routing.retries());
        }
        ChatContent content = record.content();
        if (content != null) {
            event.put(PROMPT, content.prompt());
            event.put(COMPLETION, content.completion());
        }
        event.put(TRACE_ID, trace.traceId());
        event.put(SPAN_ID, trace.spanId());
        return event.fields;
    }

    /**
     * A run of refused keys summed up: the last refusal's fields and how many it stands for; no
     * address when they came from addresses past the number told apart.
     */
    static Map<String, Object> summary(RefusalFlood.Summary summary, Redaction redaction) {
        Map<String, Object> fields = fields(summary.last(), redaction);
        fields.put(REFUSALS_COUNT, summary.count());
        if (!summary.sameAddress()) {
            fields.remove(CLIENT_IP);
        }
        return fields;
    }

    /**
     * Every text is bounded here, whatever field it goes to: most come from the client (a model
     * name, an address from a header) and none may make an event large. Prompt and completion have
     * their own bound, {@code max_content_chars}, and were cut to it already; the error message
     * has a longer one, {@link #MAX_ERROR_MESSAGE}.
     */
    private void put(String field, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof String text) {
            // Scrubbed before the cut, which could otherwise leave the head of a key unrecognised.
            String scrubbed = redaction.scrub(text);
            fields.put(field, CONTENT.contains(field) ? scrubbed
                    : field.equals(ERROR_MESSAGE) ? oneLine(scrubbed) : ClientText.name(scrubbed));
        } else {
            fields.put(field, value);
        }
    }

    /** Messages are read in a one-line view (Discover, a terminal): line breaks become spaces. */
    private static String oneLine(String message) {
        String flat = message.replaceAll("\\p{Cntrl}+", " ").strip();
        return ClientText.cut(flat, MAX_ERROR_MESSAGE);
    }
}
