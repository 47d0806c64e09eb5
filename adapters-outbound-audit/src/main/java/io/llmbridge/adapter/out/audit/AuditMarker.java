package io.llmbridge.adapter.out.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import io.llmbridge.domain.ChatRecord;
import net.logstash.logback.marker.LogstashMarker;

import java.io.IOException;
import java.util.Map;

/**
 * Carries a finished request's record to the audit's writers, which turn it into fields when
 * they encode it: the request's thread only queues it. Values are written by type, not through
 * Jackson's object mapping, which looked up a serializer for every value of every event.
 */
final class AuditMarker extends LogstashMarker {
    private final ChatRecord record;
    private final Redaction redaction;
    /** Null for a request's own event. */
    private final RefusalFlood.Summary summary;
    /** Read on the request's thread: the writer's thread has none. */
    private final TraceIds trace;
    /** Made by the first writer that encodes the event (the file, or Logstash); shared after. */
    private volatile Map<String, Object> fields;

    AuditMarker(ChatRecord record, Redaction redaction) {
        this(record, redaction, null);
    }

    private AuditMarker(ChatRecord record, Redaction redaction, RefusalFlood.Summary summary) {
        super("LLM_BRIDGE_AUDIT");
        this.record = record;
        this.redaction = redaction;
        this.summary = summary;
        this.trace = summary == null ? TraceIds.current() : TraceIds.NONE;
    }

    /** The event that stands for a run of refusals: the last one's fields, and their count. */
    static AuditMarker summary(RefusalFlood.Summary summary, Redaction redaction) {
        return new AuditMarker(summary.last(), redaction, summary);
    }

    @Override
    public void writeTo(JsonGenerator generator) throws IOException {
        for (Map.Entry<String, Object> field : fields().entrySet()) {
            switch (field.getValue()) {
                case String text -> generator.writeStringField(field.getKey(), text);
                case Long number -> generator.writeNumberField(field.getKey(), number);
                case Integer number -> generator.writeNumberField(field.getKey(), number);
                case Boolean flag -> generator.writeBooleanField(field.getKey(), flag);
                default -> generator.writeObjectField(field.getKey(), field.getValue());
            }
        }
    }

    Map<String, Object> fields() {
        Map<String, Object> made = fields;
        if (made == null) {
            made = summary == null ? AuditEvent.fields(record, redaction, trace) : AuditEvent.summary(summary, redaction);
            fields = made;
        }
        return made;
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    protected String toStringSelf() {
        return "audit of request " + record.request().context().requestId();
    }
}
