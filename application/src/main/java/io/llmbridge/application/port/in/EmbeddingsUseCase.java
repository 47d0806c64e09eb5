package io.llmbridge.application.port.in;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.Embeddings;
import io.llmbridge.domain.RequestContext;

/**
 * Embeds inputs for a caller the transport has already authenticated: route to an embedding
 * model, call its provider, record how it ended, usage included.
 */
public interface EmbeddingsUseCase {
    Embeddings embed(EmbeddingsCommand command);

    /** Records a request refused before it could be read (malformed, too large), so it is audited like any other. */
    void refused(Caller caller, RequestContext context, BridgeException error);
}
