package io.llmbridge.application.port.in;

import io.llmbridge.domain.Caller;
import io.llmbridge.domain.RequestContext;

/** Tells a caller what it has used: its own key's totals, or every key's for an admin. */
public interface UsageReportUseCase {
    /** The caller's report; the request is recorded (audited) with {@code context}. */
    UsageReport report(Caller caller, UsageFilter filter, RequestContext context);
}
