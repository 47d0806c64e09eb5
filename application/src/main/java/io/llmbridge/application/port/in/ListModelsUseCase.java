package io.llmbridge.application.port.in;

import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ModelCard;

import java.util.List;

/** The models this gateway serves. */
public interface ListModelsUseCase {
    List<ModelCard> list(Caller caller);

    /** One model by its public id; fails with {@code MODEL_NOT_FOUND}. */
    ModelCard get(Caller caller, String id);
}
