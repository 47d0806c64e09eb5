package io.llmbridge.application.service;

import io.llmbridge.application.port.out.provider.ChatProvider;
import io.llmbridge.application.port.out.ChatProviders;
import io.llmbridge.application.port.out.provider.KeyedProvider;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.ModelRoute;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Providers whose keys answer from a script, logging every call as {@code provider/model key}
 * in order: what "exactly which upstream calls happened" is asserted on.
 */
final class ScriptedUpstreams implements ChatProviders {
    /** One scripted answer: a failure, or text (streamed as one chunk per character group). */
    record Step(BridgeException failure, List<String> chunks, Duration takes, BridgeException failureAfterFirstChunk) {
    }

    final List<String> calls = new ArrayList<>();
    final List<ModelRoute> routes = new ArrayList<>();
    final List<ChatRequest> requests = new ArrayList<>();
    private final Map<String, List<KeyedProvider>> providers = new LinkedHashMap<>();
    private final Map<String, Deque<Step>> scripts = new HashMap<>();
    private final FakeTiming timing;

    ScriptedUpstreams(FakeTiming timing) {
        this.timing = timing;
    }

    /** A provider with these keys (fingerprints stand for the keys; null for keyless). */
    ScriptedUpstreams provider(String name, String... keys) {
        List<KeyedProvider> instances = new ArrayList<>();
        for (String key : keys.length == 0 ? new String[]{null} : keys) {
            instances.add(new KeyedProvider(key, new Scripted(name, key)));
        }
        providers.put(name, instances);
        return this;
    }

    /** What the next calls of {@code provider} with {@code key} do, in order; afterwards they answer "ok". */
    ScriptedUpstreams script(String provider, String key, Step... steps) {
        scripts.computeIfAbsent(provider + " " + key, k -> new ArrayDeque<>()).addAll(List.of(steps));
        return this;
    }

    static Step fails(BridgeException failure) {
        return new Step(failure, null, Duration.ZERO, null);
    }

    static Step failsAfter(Duration takes, BridgeException failure) {
        return new Step(failure, null, takes, null);
    }

    static Step answers(String... chunks) {
        return new Step(null, List.of(chunks), Duration.ZERO, null);
    }

    static Step streamsThenFails(String chunk, BridgeException failure) {
        return new Step(null, List.of(chunk), Duration.ZERO, failure);
    }

    static BridgeException status(int status) {
        ErrorKind kind = status == 429 ? ErrorKind.RATE_LIMITED : status == 400 ? ErrorKind.INVALID_REQUEST : ErrorKind.UPSTREAM_ERROR;
        return BridgeException.of(kind, "HTTP " + status).upstreamStatus(status).build();
    }

    static BridgeException rateLimited(String retryAfter) {
        return BridgeException.of(ErrorKind.RATE_LIMITED, "slow down").upstreamStatus(429).retryAfter(retryAfter).build();
    }

    static BridgeException refused() {
        return BridgeException.of(ErrorKind.UPSTREAM_ERROR, "refused").code("upstream_unreachable").build();
    }

    static BridgeException timedOut() {
        return BridgeException.of(ErrorKind.UPSTREAM_TIMEOUT, "stalled").build();
    }


    @Override
    public List<KeyedProvider> keyed(String providerName) {
        return providers.getOrDefault(providerName, List.of());
    }

    private final class Scripted implements ChatProvider {
        private final String name;
        private final String key;

        Scripted(String name, String key) {
            this.name = name;
            this.key = key;
        }

        private Step next(ModelRoute route, ChatRequest request) {
            calls.add(route.ref().id() + " " + key);
            routes.add(route);
            requests.add(request);
            Deque<Step> script = scripts.get(name + " " + key);
            Step step = script == null || script.isEmpty() ? answers("ok") : script.removeFirst();
            timing.advance(step.takes());
            if (step.failure() != null) {
                throw step.failure();
            }
            return step;
        }

        @Override
        public ChatResponse complete(ModelRoute route, ChatRequest request, Duration timeout) {
            // Recorded with the time it was given, which is what the tests look at.
            ModelRoute given = new ModelRoute(route.ref(), route.upstreamModel(), route.maxTokens(), timeout,
                    route.paramRules(), route.retries(), route.fallbacks(), route.deployments());
            return new ChatResponse("{\"answer\":\"" + String.join("", next(given, request).chunks()) + "\"}", null, "stop", null);
        }

        @Override
        public ChatStream stream(ModelRoute route, ChatRequest request) {
            Step step = next(route, request);
            var chunks = new ArrayDeque<>(step.chunks());
            return new ChatStream() {
                @Override
                public Optional<ChatChunk> next() {
                    if (!chunks.isEmpty()) {
                        return Optional.of(new ChatChunk("{}", chunks.removeFirst(), null, null));
                    }
                    if (step.failureAfterFirstChunk() != null) {
                        throw step.failureAfterFirstChunk();
                    }
                    return Optional.empty();
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
