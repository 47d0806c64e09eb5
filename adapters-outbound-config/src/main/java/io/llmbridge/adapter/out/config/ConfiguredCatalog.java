package io.llmbridge.adapter.out.config;

import io.llmbridge.application.port.out.ModelCatalog;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The models of the configuration file, fixed at start-up. */
public final class ConfiguredCatalog implements ModelCatalog {
    private final Map<ModelRef, ModelRoute> routes = new LinkedHashMap<>();
    private final Instant loadedAt;

    public ConfiguredCatalog(List<ModelRoute> routes, Instant loadedAt) {
        routes.forEach(route -> this.routes.put(route.ref(), route));
        this.loadedAt = loadedAt;
    }

    @Override
    public Optional<ModelRoute> find(ModelRef ref) {
        return Optional.ofNullable(routes.get(ref));
    }

    @Override
    public List<ModelRoute> all() {
        return List.copyOf(routes.values());
    }

    @Override
    public Instant loadedAt() {
        return loadedAt;
    }
}
