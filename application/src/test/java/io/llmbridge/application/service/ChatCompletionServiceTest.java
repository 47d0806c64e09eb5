package io.llmbridge.application.service;

import io.llmbridge.application.port.in.ChatCommand;
import io.llmbridge.application.port.out.ChatProvider;
import io.llmbridge.application.port.out.ModelCatalog;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.ParamRules;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ChatCompletionServiceTest {
    private static final Caller CALLER = new Caller("team-a", Caller.Role.USER);

    private final RecordingProvider provider = new RecordingProvider();

    private static ModelRoute route(String provider, String model, Long maxTokens, ParamRules rules) {
        return new ModelRoute(new ModelRef(provider, model), ModelRoute.baseModelId(model), maxTokens, Duration.ofSeconds(5), rules);
    }

    private ChatCompletionService service(ModelRoute... routes) {
        ModelCatalog catalog = new ModelCatalog() {
            @Override
            public Optional<ModelRoute> find(ModelRef ref) {
                return List.of(routes).stream().filter(r -> r.ref().equals(ref)).findFirst();
            }

            @Override
            public List<ModelRoute> all() {
                return List.of(routes);
            }

            @Override
            public Instant loadedAt() {
                return Instant.EPOCH;
            }
        };
        return new ChatCompletionService(catalog, name -> "openai".equals(name) ? Optional.of(provider) : Optional.empty());
    }

    private static ChatCommand command(String model, Object... pairs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("messages", List.of(Map.of("role", "user", "content", "hi")));
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return new ChatCommand(CALLER, ChatRequest.from(body));
    }

    @Test
    void routes_to_the_provider_before_the_slash_with_the_route_of_that_model() {
        ModelRoute mini = route("openai", "gpt-4o-mini", null, ParamRules.NONE);
        ChatResponse response = service(route("openai", "gpt-4o", null, ParamRules.NONE), mini).complete(command("openai/gpt-4o-mini"));
        assertSame(RecordingProvider.RESPONSE, response);
        assertSame(mini, provider.routes.getFirst());
    }

    @Test
    void a_variant_gets_its_own_rules_and_not_those_of_its_siblings() {
        ModelRoute plain = route("openai", "o3-mini", null, ParamRules.NONE);
        ModelRoute high = route("openai", "o3-mini<high>", null,
                new ParamRules(Map.of("reasoning_effort", "high"), Map.of(), Map.of(), List.of()));
        ModelRoute low = route("openai", "o3-mini<low>", null,
                new ParamRules(Map.of("reasoning_effort", "low"), Map.of(), Map.of(), List.of()));
        ChatCompletionService service = service(plain, low, high);

        service.complete(command("openai/o3-mini<high>"));
        service.complete(command("openai/o3-mini"));

        assertEquals("high", provider.requests.get(0).body().get("reasoning_effort"));
        assertEquals("o3-mini", provider.routes.get(0).upstreamModel());
        assertFalse(provider.requests.get(1).body().containsKey("reasoning_effort"));
    }

    @Test
    void asking_for_more_tokens_than_the_route_allows_is_clamped() {
        ChatCompletionService service = service(route("openai", "m", 100L, ParamRules.NONE));
        service.complete(command("openai/m", "max_tokens", 5000L, "max_completion_tokens", 50L));
        assertEquals(100L, provider.requests.getFirst().body().get("max_tokens"));
        assertEquals(50L, provider.requests.getFirst().body().get("max_completion_tokens"));
    }

    @Test
    void unknown_models_and_providers_are_not_found() {
        ChatCompletionService service = service(route("openai", "m", null, ParamRules.NONE));
        assertEquals(ErrorKind.MODEL_NOT_FOUND, assertThrows(BridgeException.class,
                () -> service.complete(command("openai/other"))).kind());
        assertEquals(ErrorKind.MODEL_NOT_FOUND, assertThrows(BridgeException.class,
                () -> service.stream(command("nobody/m"))).kind());
        assertEquals(ErrorKind.MODEL_NOT_FOUND, assertThrows(BridgeException.class,
                () -> service.complete(command("m"))).kind());
    }

    @Test
    void streams_come_from_the_provider() {
        ChatCompletionService service = service(route("openai", "m", null, ParamRules.NONE));
        assertSame(RecordingProvider.STREAM, service.stream(command("openai/m", "stream", true)));
    }

    private static final class RecordingProvider implements ChatProvider {
        static final ChatResponse RESPONSE = new ChatResponse("{}", null, "stop", null);
        static final ChatStream STREAM = new ChatStream() {
            @Override
            public Optional<io.llmbridge.domain.ChatChunk> next() {
                return Optional.empty();
            }

            @Override
            public void close() {
            }
        };
        final List<ModelRoute> routes = new ArrayList<>();
        final List<ChatRequest> requests = new ArrayList<>();

        @Override
        public ChatResponse complete(ModelRoute route, ChatRequest request) {
            routes.add(route);
            requests.add(request);
            return RESPONSE;
        }

        @Override
        public ChatStream stream(ModelRoute route, ChatRequest request) {
            routes.add(route);
            requests.add(request);
            return STREAM;
        }
    }
}
