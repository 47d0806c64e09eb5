package io.llmbridge.application.port.in;

import io.llmbridge.domain.Caller;

/** Tells a caller what it has used: its own key's totals, or every key's for an admin. */
public interface UsageReportUseCase {
    UsageReport report(Caller caller);
}
