package io.llmbridge.application.port.out;

/** The audit trail: one event per request. */
public interface AuditLog extends ChatRecorder {
}
