package io.llmbridge.application.port.in;

import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ModelCard;
import io.llmbridge.domain.RequestContext;

import java.util.List;

/** The models this gateway serves. */
public interface ListModelsUseCase {
    /** Every model; the request is recorded (audited) with {@code context}. */
    List<ModelCard> list(Caller caller, RequestContext context);

    /** One model by its public id; fails with {@code MODEL_NOT_FOUND}. Recorded either way. */
    ModelCard get(Caller caller, String id, RequestContext context);
}
