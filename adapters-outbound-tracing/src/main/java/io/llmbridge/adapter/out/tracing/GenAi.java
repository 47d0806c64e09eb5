package io.llmbridge.adapter.out.tracing;

import io.opentelemetry.api.common.AttributeKey;

import java.util.List;

/**
 * The attribute names of OpenTelemetry's GenAI semantic conventions the gateway fills, and its
 * own ({@code llm_bridge.*}). Content (prompts, completions) has no name here: it is never traced.
 */
final class GenAi {
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
    static final AttributeKey<Long> MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
    static final AttributeKey<Double> TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
    static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<Long> CACHED_TOKENS = AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
    static final AttributeKey<Long> REASONING_TOKENS = AttributeKey.longKey("gen_ai.usage.reasoning.output_tokens");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");

    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("llm_bridge.request_id");
    static final AttributeKey<String> ACTION = AttributeKey.stringKey("llm_bridge.action");
    static final AttributeKey<String> TRANSPORT = AttributeKey.stringKey("llm_bridge.transport");
    static final AttributeKey<Boolean> STREAM = AttributeKey.booleanKey("llm_bridge.stream");
    static final AttributeKey<String> KEY_NAME = AttributeKey.stringKey("llm_bridge.access_key.name");
    static final AttributeKey<String> TEAM = AttributeKey.stringKey("llm_bridge.team");
    static final AttributeKey<String> USAGE_SOURCE = AttributeKey.stringKey("llm_bridge.usage.source");
    static final AttributeKey<String> UPSTREAM_REQUEST_ID = AttributeKey.stringKey("llm_bridge.upstream.request_id");
    static final AttributeKey<Long> RETRIES = AttributeKey.longKey("llm_bridge.retries");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("llm_bridge.attempt");
    /** On an attempt after a failed one: the failed one's {@code error.type}. */
    static final AttributeKey<String> AFTER = AttributeKey.stringKey("llm_bridge.attempt.after");
    static final AttributeKey<String> KEY_FINGERPRINT = AttributeKey.stringKey("llm_bridge.upstream.key_fingerprint");
    static final AttributeKey<String> ANSWERED_BY = AttributeKey.stringKey("llm_bridge.model.answered");

    /** The event of a stream's first chunk: on the attempt when it arrives, on the request span when the client gets it. */
    static final String FIRST_CHUNK = "gen_ai.first_chunk";

    private GenAi() {
    }
}
