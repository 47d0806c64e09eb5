package io.llmbridge.adapter.out.audit;

import java.util.List;

/**
 * The names of the audit event's fields: Elastic Common Schema names where ECS has the concept,
 * {@code llm.*} and {@code transport} where it has not. Written as flat dotted keys, as ECS
 * loggers do; Elasticsearch reads {@code "event.outcome"} as {@code event.outcome}.
 * Published so that the Elasticsearch template in {@code docs/elk} can be checked against it.
 */
public final class AuditFields {
    public static final String TIMESTAMP = "@timestamp";
    public static final String EVENT_ACTION = "event.action";
    public static final String EVENT_DATASET = "event.dataset";
    public static final String EVENT_OUTCOME = "event.outcome";
    /** Only on a cancelled request: {@code client} or {@code shutdown}. */
    public static final String EVENT_REASON = "event.reason";
    public static final String EVENT_DURATION = "event.duration";
    public static final String REQUEST_ID = "llm.request_id";
    public static final String CLIENT_IP = "client.ip";
    public static final String USER_NAME = "user.name";
    public static final String TRANSPORT = "transport";
    public static final String STREAM = "llm.stream";
    public static final String MODEL_REQUESTED = "llm.model.requested";
    /** Only on an admin's request about a managed key: the key's public id, never the key. */
    public static final String ADMIN_KEY_ID = "llm.admin.key_id";
    public static final String PROVIDER = "llm.provider";
    public static final String MODEL_UPSTREAM = "llm.model.upstream";
    public static final String MODEL_ANSWERED = "llm.model.answered";
    public static final String STATUS_CODE = "http.response.status_code";
    public static final String ERROR_TYPE = "error.type";
    public static final String ERROR_CODE = "error.code";
    public static final String ERROR_MESSAGE = "error.message";
    public static final String UPSTREAM_STATUS_CODE = "llm.upstream.status_code";
    public static final String USAGE_PROMPT_TOKENS = "llm.usage.prompt_tokens";
    public static final String USAGE_COMPLETION_TOKENS = "llm.usage.completion_tokens";
    public static final String USAGE_TOTAL_TOKENS = "llm.usage.total_tokens";
    public static final String USAGE_REASONING_TOKENS = "llm.usage.reasoning_tokens";
    public static final String USAGE_CACHED_TOKENS = "llm.usage.cached_tokens";
    public static final String USAGE_SOURCE = "llm.usage.source";
    public static final String TTFT_MS = "llm.ttft_ms";
    public static final String FINISH_REASON = "llm.finish_reason";
    public static final String UPSTREAM_REQUEST_ID = "llm.upstream.request_id";
    /** The id the provider gave its answer ({@code chatcmpl-…}, {@code msg_…}, {@code resp_…}). */
    public static final String RESPONSE_ID = "llm.response_id";
    public static final String RETRIES = "llm.retries";
    public static final String PROMPT = "llm.prompt";
    public static final String COMPLETION = "llm.completion";
    /** Only with tracing on and the request sampled: its trace and server span (docs/tracing.md). */
    public static final String TRACE_ID = "trace.id";
    public static final String SPAN_ID = "span.id";
    /** Only on a summary of refused keys: how many refusals the event stands for. */
    public static final String REFUSALS_COUNT = "llm.refusals.count";

    /** Every field an event may carry, in the order it is written. */
    public static final List<String> ALL = List.of(TIMESTAMP, EVENT_ACTION, EVENT_DATASET, EVENT_OUTCOME, EVENT_REASON, EVENT_DURATION,
            REQUEST_ID, CLIENT_IP, USER_NAME, TRANSPORT, STREAM, MODEL_REQUESTED, ADMIN_KEY_ID, PROVIDER, MODEL_UPSTREAM, MODEL_ANSWERED, STATUS_CODE,
            ERROR_TYPE, ERROR_CODE, ERROR_MESSAGE, UPSTREAM_STATUS_CODE, USAGE_PROMPT_TOKENS, USAGE_COMPLETION_TOKENS,
            USAGE_TOTAL_TOKENS, USAGE_REASONING_TOKENS, USAGE_CACHED_TOKENS, USAGE_SOURCE, TTFT_MS, FINISH_REASON,
            UPSTREAM_REQUEST_ID, RESPONSE_ID, RETRIES, PROMPT, COMPLETION, TRACE_ID, SPAN_ID, REFUSALS_COUNT);

    private AuditFields() {
    }
}
