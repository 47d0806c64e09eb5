package io.llmbridge.adapter.in.http;

import io.llmbridge.application.port.in.UsageReport;
import io.llmbridge.domain.UsageLine;
import io.llmbridge.domain.UsageTotals;

import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /v1/usage} as JSON; docs/usage.md describes the shape. */
final class UsageReportJson {
    private UsageReportJson() {
    }

    static Map<String, Object> json(UsageReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("object", "usage");
        json.put("since", DateTimeFormatter.ISO_INSTANT.format(report.since()));
        json.put("scope", report.allKeys() ? "all" : "own");
        json.put("keys", report.keys().stream().map(UsageReportJson::key).toList());
        return json;
    }

    private static Map<String, Object> key(UsageReport.KeyUsage key) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("key_name", key.keyName());
        json.put("totals", totals(key.totals()));
        json.put("models", key.models().stream().map(UsageReportJson::model).toList());
        return json;
    }

    private static Map<String, Object> model(UsageLine line) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", line.model().id());
        json.put("provider", line.model().provider());
        json.put("totals", totals(line.totals()));
        return json;
    }

    private static Map<String, Object> totals(UsageTotals totals) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("requests", totals.requests());
        json.put("errors", totals.errors());
        json.put("cancelled", totals.cancelled());
        json.put("prompt_tokens", totals.promptTokens());
        json.put("completion_tokens", totals.completionTokens());
        json.put("total_tokens", totals.totalTokens());
        json.put("reasoning_tokens", totals.reasoningTokens());
        json.put("cached_tokens", totals.cachedTokens());
        json.put("reported_requests", totals.reportedRequests());
        json.put("estimated_requests", totals.estimatedRequests());
        json.put("estimated_tokens", totals.estimatedTokens());
        return json;
    }
}
