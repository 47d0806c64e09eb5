package io.llmbridge.adapter.in.http;

import io.helidon.common.uri.UriQuery;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.in.UsageFilter;
import io.llmbridge.application.port.in.UsageReportUseCase;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ClientText;
import io.llmbridge.domain.RequestContext;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code GET /usage}: the gateway's own usage report (docs/usage.md), with its filters. */
record UsageEndpoint(Reception reception, UsageReportUseCase usage) implements Endpoint {
    private static final Set<String> PARAMETERS = Set.of("from", "to", "team", "model", "group_by");

    @Override
    public List<Route> routes() {
        return List.of(Route.get("/usage", this::usageReport));
    }

    private void usageReport(ServerRequest req, ServerResponse res) {
        RequestContext context = reception.context(req, res, "usage.get");
        Caller caller = reception.caller(req, context);
        JsonResponses.send(res, PlainJson.write(UsageReportJson.json(usage.report(caller, filter(req.query()), context))));
    }

    private static UsageFilter filter(UriQuery query) {
        for (String name : query.names()) {
            if (!PARAMETERS.contains(name)) {
                throw BridgeException.invalidRequest(name, "Unknown parameter '" + ClientText.name(name)
                        + "'; /v1/usage takes from, to, team, model and group_by.");
            }
        }
        try {
            return new UsageFilter(time(query, "from"), time(query, "to"), text(query, "team"), text(query, "model"),
                    groupBy(query));
        } catch (IllegalArgumentException e) {
            throw BridgeException.invalidRequest(null, e.getMessage() + ".");
        }
    }

    private static String text(UriQuery query, String name) {
        List<String> values = query.all(name, List::of);
        if (values.size() > 1) {
            throw BridgeException.invalidRequest(name, "'" + name + "' may be given once.");
        }
        return values.isEmpty() || values.getFirst().isBlank() ? null : values.getFirst();
    }

    /** An ISO-8601 instant ({@code 2026-01-02T03:04:05Z}, an offset allowed) or a UTC day ({@code 2026-01-02}). */
    private static Instant time(UriQuery query, String name) {
        String value = text(query, name);
        if (value == null) {
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw BridgeException.invalidRequest(name, "'" + name + "' must be an ISO-8601 time such as 2026-01-02T03:04:05Z "
                    + "or a day such as 2026-01-02, not '" + ClientText.name(value) + "'.");
        }
    }

    private static List<UsageFilter.Dimension> groupBy(UriQuery query) {
        String value = text(query, "group_by");
        List<UsageFilter.Dimension> dimensions = new ArrayList<>();
        if (value == null) {
            return dimensions;
        }
        for (String name : value.split(",", -1)) {
            try {
                dimensions.add(UsageFilter.Dimension.valueOf(name.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw BridgeException.invalidRequest("group_by", "'group_by' takes key, team, model and day (comma-separated), "
                        + "not '" + ClientText.name(name) + "'.");
            }
        }
        return dimensions;
    }
}
