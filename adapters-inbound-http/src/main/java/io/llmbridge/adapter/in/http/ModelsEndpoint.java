package io.llmbridge.adapter.in.http;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.in.ListModelsUseCase;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ModelCard;
import io.llmbridge.domain.RequestContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /models} and {@code GET /models/{id}}: the models a caller may use, as OpenAI lists them. */
record ModelsEndpoint(Reception reception, ListModelsUseCase models) implements Endpoint {
    private static final String MODELS_PATH = "/models/";

    @Override
    public List<Route> routes() {
        return List.of(Route.get("/models", this::listModels), Route.get(MODELS_PATH + "*", this::getModel));
    }

    private void listModels(ServerRequest req, ServerResponse res) {
        RequestContext context = reception.context(req, res, "models.list");
        Caller caller = reception.caller(req, context);
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("object", "list");
        list.put("data", models.list(caller, context).stream().map(ModelsEndpoint::modelJson).toList());
        JsonResponses.send(res, PlainJson.write(list));
    }

    private void getModel(ServerRequest req, ServerResponse res) {
        RequestContext context = reception.context(req, res, "models.get");
        Caller caller = reception.caller(req, context);
        // The service's own path, relative to where it is registered: ids may contain slashes.
        String id = req.path().path().substring(MODELS_PATH.length());
        JsonResponses.send(res, PlainJson.write(modelJson(models.get(caller, id, context))));
    }

    private static Map<String, Object> modelJson(ModelCard card) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("id", card.id());
        model.put("object", "model");
        model.put("created", card.createdEpochSecond());
        model.put("owned_by", card.ownedBy());
        return model;
    }
}
