package io.llmbridge.bootstrap;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Deployment;
import io.llmbridge.domain.ModelKind;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.ParamRules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** One entry of a provider's {@code models}: its limits, {@code param_config}, retries, fallbacks and deployments. */
final class ModelSection {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    private static final Set<String> MODEL_KEYS = Set.of("max_tokens", "timeout", "param_config", "retries", "fallbacks",
            "deployments", "kind", "task_type");
    private static final Set<String> DEPLOYMENT_KEYS = Set.of("provider", "model", "weight");
    private static final Set<String> PARAM_KEYS = Set.of("update_params", "add_params", "rename_params", "delete_params");

    private final String provider;
    private final int providerRetries;
    private final Consumer<String> warnings;

    /**
     * @param providerRetries the provider's {@code retries}, which the model's own overrides
     */
    ModelSection(String provider, int providerRetries, Consumer<String> warnings) {
        this.provider = provider;
        this.providerRetries = providerRetries;
        this.warnings = warnings;
    }

    ModelRoute read(String model, ConfigNode node) {
        node.warnUnknown(MODEL_KEYS, warnings);
        String upstreamModel = ModelRoute.baseModelId(model);
        List<ModelRef> fallbacks = fallbacks(node.get("fallbacks"));
        List<Deployment> deployments = deployments(node.get("deployments"), upstreamModel);
        ModelKind kind = kind(node.get("kind"));
        return new ModelRoute(new ModelRef(provider, model), upstreamModel, node.get("max_tokens").positiveLong(null),
                node.get("timeout").seconds(DEFAULT_TIMEOUT), paramRules(node.get("param_config")),
                node.get("retries").intIn(providerRetries, 0, ProvidersSection.MAX_RETRIES), fallbacks, deployments,
                kind, embeddingTask(node.get("task_type"), kind));
    }

    private static ModelKind kind(ConfigNode node) {
        String name = node.string(ModelKind.CHAT.configName());
        ModelKind kind = ModelKind.ofConfigName(name);
        if (kind == null) {
            throw node.problem("must be chat or embedding, not '" + name + "'");
        }
        return kind;
    }

    /** {@code task_type}: what an embedding model's embeddings are for; meaningless for a chat model. */
    private static String embeddingTask(ConfigNode node, ModelKind kind) {
        String task = node.string(null);
        if (task != null && kind != ModelKind.EMBEDDING) {
            throw node.problem("applies to embedding models only (kind: embedding)");
        }
        if (task != null && task.isBlank()) {
            throw node.problem("must name a task, e.g. RETRIEVAL_DOCUMENT");
        }
        return task;
    }

    private static List<ModelRef> fallbacks(ConfigNode node) {
        List<ModelRef> fallbacks = new ArrayList<>();
        for (ConfigNode item : node.items()) {
            String id = item.string(null);
            try {
                fallbacks.add(ModelRef.parse(id == null ? "" : id));
            } catch (BridgeException | IllegalArgumentException e) {
                throw item.problem("must name a configured model as provider/model, not '" + id + "'");
            }
        }
        return fallbacks;
    }

    private List<Deployment> deployments(ConfigNode node, String upstreamModel) {
        List<Deployment> deployments = new ArrayList<>();
        for (ConfigNode item : node.items()) {
            item.mapping();
            item.warnUnknown(DEPLOYMENT_KEYS, warnings);
            String target = item.get("provider").string(null);
            if (target == null) {
                throw item.get("provider").problem("each deployment names its provider");
            }
            deployments.add(new Deployment(new ModelRef(target, item.get("model").string(upstreamModel)),
                    item.get("weight").intIn(1, 1, 1000)));
        }
        return deployments;
    }

    private ParamRules paramRules(ConfigNode node) {
        if (!node.isPresent()) {
            return ParamRules.NONE;
        }
        node.warnUnknown(PARAM_KEYS, warnings);
        Map<String, String> rename = new LinkedHashMap<>();
        ConfigNode renameNode = node.get("rename_params");
        for (String from : renameNode.mapping().keySet()) {
            String to = renameNode.get(from).string(null);
            if (to == null) {
                throw renameNode.get(from).problem("must name the new parameter");
            }
            rename.put(from, to);
        }
        return new ParamRules(node.get("update_params").jsonObject(), node.get("add_params").jsonObject(),
                rename, node.get("delete_params").strings());
    }
}
