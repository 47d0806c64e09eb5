package io.llmbridge.application.service;

import io.llmbridge.application.port.in.ListModelsUseCase;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.application.port.out.ModelCatalog;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ModelCard;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.RequestContext;

import java.util.List;

/**
 * Lists the catalog, as far as the caller's key may use it; every request is recorded, as chats
 * are, so the audit misses none.
 */
public final class ListModelsService implements ListModelsUseCase {
    private final ModelCatalog catalog;
    private final ChatRecorder recorders;

    public ListModelsService(ModelCatalog catalog, List<? extends ChatRecorder> recorders) {
        this.catalog = catalog;
        this.recorders = new ChatRecorders(recorders);
    }

    @Override
    public List<ModelCard> list(Caller caller, RequestContext context) {
        List<ModelCard> cards = catalog.all().stream().filter(route -> caller.models().allows(route.ref()))
                .map(this::card).toList();
        recorders.record(ChatRecord.answered(context, caller, null));
        return cards;
    }

    @Override
    public ModelCard get(Caller caller, String id, RequestContext context) {
        try {
            // A model the key may not use is as absent to it as one that does not exist.
            ModelCard card = catalog.find(ModelRef.parse(id)).filter(route -> caller.models().allows(route.ref()))
                    .map(this::card).orElseThrow(() -> BridgeException.modelNotFound(id));
            recorders.record(ChatRecord.answered(context, caller, id));
            return card;
        } catch (BridgeException e) {
            recorders.record(ChatRecord.refused(context, caller, id, e));
            throw e;
        }
    }

    private ModelCard card(ModelRoute route) {
        return new ModelCard(route.ref().id(), route.ref().provider(), catalog.loadedAt().getEpochSecond(), route.kind());
    }
}
