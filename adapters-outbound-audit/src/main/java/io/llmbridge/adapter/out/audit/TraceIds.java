package io.llmbridge.adapter.out.audit;

import org.slf4j.MDC;

/**
 * The trace a request's event belongs to: the ids the application log's lines of the request
 * carry, which the tracing adapter puts in the log's MDC while a sampled request's span is
 * current. None when tracing is off.
 */
record TraceIds(String traceId, String spanId) {
    static final TraceIds NONE = new TraceIds(null, null);

    static TraceIds current() {
        String traceId = MDC.get(AuditFields.TRACE_ID);
        return traceId == null ? NONE : new TraceIds(traceId, MDC.get(AuditFields.SPAN_ID));
    }
}
