package io.llmbridge.adapter.in.http;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.in.LimitsUseCase;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ClientText;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.quota.LimitStatus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /limits}: each limit that concerns the caller, what is used, and when it resets (docs/limits.md). */
record LimitsEndpoint(Reception reception, LimitsUseCase limits) implements Endpoint {
    @Override
    public List<Route> routes() {
        return List.of(Route.get("/limits", this::limits));
    }

    private void limits(ServerRequest req, ServerResponse res) {
        RequestContext context = reception.context(req, res, "limits.get");
        Caller caller = reception.caller(req, context);
        req.query().names().stream().findFirst().ifPresent(name -> {
            throw BridgeException.invalidRequest(name, "Unknown parameter '" + ClientText.name(name)
                    + "'; /v1/limits takes none.");
        });
        List<Map<String, Object>> data = limits.limits(caller, context).stream().map(LimitsEndpoint::json).toList();
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("object", "list");
        list.put("data", data);
        JsonResponses.send(res, PlainJson.write(list));
    }

    private static Map<String, Object> json(LimitStatus status) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scope", status.scope().kind().configName());
        if (!status.scope().name().isEmpty()) {
            json.put("name", status.scope().name());
        }
        json.put("limit", status.kind().configName());
        json.put("value", status.limit());
        json.put("used", status.used());
        json.put("remaining", status.remaining());
        json.put("resets_at", status.resetsAt().map(Object::toString).orElse(null));
        return json;
    }
}
