package io.llmbridge.application.port.out;

import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The configured models and how to reach them. */
public interface ModelCatalog {
    Optional<ModelRoute> find(ModelRef ref);

    /** Every route, in configuration order. */
    List<ModelRoute> all();

    /** When the catalog was loaded: the {@code created} time of its models. */
    Instant loadedAt();
}
