package io.llmbridge.adapter.in.http;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.in.UsageReportUseCase;
import io.llmbridge.domain.RequestContext;

import java.util.List;

/** {@code GET /usage}: the gateway's own usage report (docs/usage.md). */
record UsageEndpoint(Reception reception, UsageReportUseCase usage) implements Endpoint {
    @Override
    public List<Route> routes() {
        return List.of(Route.get("/usage", this::usageReport));
    }

    private void usageReport(ServerRequest req, ServerResponse res) {
        RequestContext context = reception.context(req, res, "usage.get");
        JsonResponses.send(res, PlainJson.write(UsageReportJson.json(usage.report(reception.caller(req, context), context))));
    }
}
