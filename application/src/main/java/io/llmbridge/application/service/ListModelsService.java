package io.llmbridge.application.service;

import io.llmbridge.application.port.in.ListModelsUseCase;
import io.llmbridge.application.port.out.ModelCatalog;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ModelCard;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;

import java.util.List;

/** Lists the catalog. */
public final class ListModelsService implements ListModelsUseCase {
    private final ModelCatalog catalog;

    public ListModelsService(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public List<ModelCard> list(Caller caller) {
        return catalog.all().stream().map(this::card).toList();
    }

    @Override
    public ModelCard get(Caller caller, String id) {
        return catalog.find(ModelRef.parse(id)).map(this::card).orElseThrow(() -> BridgeException.modelNotFound(id));
    }

    private ModelCard card(ModelRoute route) {
        return new ModelCard(route.ref().id(), route.ref().provider(), catalog.loadedAt().getEpochSecond());
    }
}
