package io.llmbridge.adapter.in.http;

import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.in.KeyAdministrationUseCase;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.adapter.support.inbound.RequestBodies;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code /admin/keys}: managed keys for admins (docs/admin-api.md). Who may call is the use
 * case's decision, asked before any body is read; this class only reads JSON into commands
 * ({@link KeyRequests}) and writes keys back ({@link KeyJson}).
 */
record AdminKeysEndpoint(Reception reception, KeyAdministrationUseCase admin, RequestBodies bodies) implements Endpoint {
    private static final String KEYS = "/admin/keys";
    private static final String KEY = KEYS + "/";

    @Override
    public List<Route> routes() {
        return List.of(Route.post(KEYS, this::create), Route.get(KEYS, this::list), Route.get(KEY + "*", this::get),
                new Route(Method.PATCH, KEY + "*", this::update), new Route(Method.DELETE, KEY + "*", this::revoke));
    }

    private void create(ServerRequest req, ServerResponse res) {
        RequestContext context = reception.context(req, res, "admin.keys.create");
        Caller caller = admitted(req, context);
        KeyAdministrationUseCase.NewKey key = body(req, caller, context, KeyRequests::newKey);
        res.status(Status.CREATED_201);
        JsonResponses.send(res, PlainJson.write(KeyJson.issued(admin.create(caller, key, context))));
    }

    private void list(ServerRequest req, ServerResponse res) {
        RequestContext context = reception.context(req, res, "admin.keys.list");
        Caller caller = admitted(req, context);
        String team = req.query().first("team").orElse(null);
        JsonResponses.send(res, PlainJson.write(KeyJson.list(admin.list(caller, team, context))));
    }

    private void get(ServerRequest req, ServerResponse res) {
        RequestContext context = reception.context(req, res, "admin.keys.get");
        Caller caller = admitted(req, context);
        JsonResponses.send(res, PlainJson.write(KeyJson.managed(admin.get(caller, id(req), context))));
    }

    private void update(ServerRequest req, ServerResponse res) {
        RequestContext context = reception.context(req, res, "admin.keys.update");
        Caller caller = admitted(req, context);
        var update = body(req, caller, context, KeyRequests::update);
        JsonResponses.send(res, PlainJson.write(KeyJson.managed(admin.update(caller, id(req), update, context))));
    }

    private void revoke(ServerRequest req, ServerResponse res) {
        RequestContext context = reception.context(req, res, "admin.keys.revoke");
        Caller caller = admitted(req, context);
        JsonResponses.send(res, PlainJson.write(KeyJson.managed(admin.revoke(caller, id(req), context))));
    }

    private Caller admitted(ServerRequest req, RequestContext context) {
        Caller caller = reception.caller(req, context);
        admin.requireAdmin(caller, context);
        return caller;
    }

    /** The body read within the API's limits and turned into a command; a refusal is recorded like the use case's own. */
    private <T> T body(ServerRequest req, Caller caller, RequestContext context, Function<Map<String, Object>, T> command) {
        try (RequestBodies.Body body = bodies.read(req)) {
            return command.apply(RequestReading.object(body.bytes()));
        } catch (BridgeException e) {
            admin.refused(caller, context, e);
            throw e;
        }
    }

    private static String id(ServerRequest req) {
        return req.path().path().substring(KEY.length());
    }
}
