package io.llmbridge.adapter.in.http;

import io.llmbridge.application.port.in.UsageReport;
import io.llmbridge.domain.UsageTotals;

import java.math.BigDecimal;
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
        json.put("currency", report.currency());
        json.put("keys", report.keys().stream().map(UsageReportJson::key).toList());
        if (report.groups() != null) {
            json.put("groups", report.groups().stream().map(UsageReportJson::group).toList());
        }
        return json;
    }

    private static Map<String, Object> key(UsageReport.KeyUsage key) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("key_name", key.keyName());
        json.put("totals", totals(key.totals(), key.cost()));
        json.put("models", key.models().stream().map(UsageReportJson::model).toList());
        return json;
    }

    private static Map<String, Object> model(UsageReport.ModelUsage line) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", line.model().id());
        json.put("provider", line.model().provider());
        json.put("totals", totals(line.totals(), line.cost()));
        return json;
    }

    /** Every dimension is there; those not grouped by are null, as is the team of keys in no team. */
    private static Map<String, Object> group(UsageReport.Group group) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("key_name", group.keyName());
        json.put("team", group.team());
        json.put("model", group.model());
        json.put("day", group.day() == null ? null : group.day().toString());
        json.put("totals", totals(group.totals(), group.cost()));
        return json;
    }

    private static Map<String, Object> totals(UsageTotals totals, BigDecimal cost) {
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
        json.put("cost", cost == null ? null : plain(cost));
        return json;
    }

    /** Without the store's trailing zeros ({@code 0.000150000000} is {@code 0.00015}), never with an exponent for whole numbers. */
    private static BigDecimal plain(BigDecimal cost) {
        BigDecimal stripped = cost.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
