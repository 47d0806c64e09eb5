package io.llmbridge.application.service;

import io.llmbridge.application.port.in.ChatCommand;
import io.llmbridge.application.port.out.provider.ChatProvider;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.application.port.out.provider.KeyedProvider;
import io.llmbridge.application.port.out.TokenCounter;
import io.llmbridge.application.port.out.ModelCatalog;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatContent;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.Outcome;
import io.llmbridge.domain.Usage;
import io.llmbridge.domain.UsageSource;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.Transport;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.GeneratedText;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.ParamRules;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatCompletionServiceTest {
    private static final Caller CALLER = new Caller("team-a", Caller.Role.USER);

    private final RecordingProvider provider = new RecordingProvider();
    private final List<ChatRecord> records = new ArrayList<>();
    private final List<String> opened = new ArrayList<>();
    /** One token a character, so each estimate shows exactly which text was counted. */
    private final TokenCounter characters = new TokenCounter() {
        @Override
        public long promptTokens(String model, ChatRequest request) {
            return request.messages().stream().mapToLong(message -> message.text().length()).sum();
        }

        @Override
        public long completionTokens(String model, GeneratedText output) {
            return output.content().length() + output.reasoning().length() + output.toolCalls().length();
        }
    };
    private TokenCounter counter = characters;

    private static ModelRoute route(String provider, String model, Long maxTokens, ParamRules rules) {
        return new ModelRoute(new ModelRef(provider, model), ModelRoute.baseModelId(model), maxTokens, Duration.ofSeconds(5), rules);
    }

    private ChatCompletionService service(ModelRoute... routes) {
        return service(ContentCapture.OFF, routes);
    }

    private ChatCompletionService service(ContentCapture capture, ModelRoute... routes) {
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
        ChatRecorder recorder = new ChatRecorder() {
            @Override
            public void record(ChatRecord record) {
                records.add(record);
            }

            @Override
            public void streamOpened(RequestContext context, ModelRoute route) {
                opened.add(context.requestId());
            }
        };
        return new ChatCompletionService(catalog, name -> "openai".equals(name) ? List.of(new KeyedProvider(null, provider)) : List.of(),
                List.of(recorder), counter, capture);
    }

    private static ChatCommand command(String model, Object... pairs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("messages", List.of(Map.of("role", "user", "content", "hi")));
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return new ChatCommand(CALLER, ChatRequest.from(body), RequestContext.received(Transport.HTTP, RequestContext.CHAT_COMPLETION, "127.0.0.1"));
    }

    @Test
    void routes_to_the_provider_before_the_slash_with_the_route_of_that_model() {
        ModelRoute mini = route("openai", "gpt-4o-mini", null, ParamRules.NONE);
        ChatResponse response = service(route("openai", "gpt-4o", null, ParamRules.NONE), mini).complete(command("openai/gpt-4o-mini"));
        assertSame(RecordingProvider.RESPONSE.json(), response.json());
        assertEquals("openai/gpt-4o-mini", response.answeredBy());
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
    void a_finished_request_is_recorded_once_with_its_route_usage_and_outcome() {
        ChatCompletionService service = service(route("openai", "m", null, ParamRules.NONE));
        service.complete(command("openai/m"));
        assertEquals(1, records.size());
        ChatRecord record = records.getFirst();
        assertEquals(Outcome.SUCCESS, record.ending().outcome());
        assertEquals("openai/m", record.routing().route().ref().id());
        assertEquals(CALLER, record.request().caller());
        assertEquals(RecordingProvider.USAGE, record.ending().usage());
        assertEquals("stop", record.answer().finishReason());
        assertEquals("chatcmpl-whole", record.answer().responseId(), "the provider's id for its answer");
    }

    @Test
    void a_stream_is_recorded_when_closed_with_the_last_usage_it_carried_and_its_time_to_first_chunk() {
        provider.chunks = List.of(new ChatChunk("{}", "a", null, null), new ChatChunk("{}", null, "stop", null),
                new ChatChunk("{}", null, null, RecordingProvider.USAGE));
        try (ChatStream stream = service(route("openai", "m", null, ParamRules.NONE)).stream(command("openai/m", "stream", true))) {
            while (stream.next().isPresent()) {
                assertTrue(records.isEmpty(), "nothing is recorded before the stream ends");
            }
        }
        ChatRecord record = records.getFirst();
        assertEquals(1, records.size());
        assertEquals(Outcome.SUCCESS, record.ending().outcome());
        assertEquals(RecordingProvider.USAGE, record.ending().usage());
        assertEquals("stop", record.answer().finishReason());
        assertEquals(RecordingProvider.STREAM_ID, record.answer().responseId());
        assertTrue(record.request().stream());
        assertTrue(record.ending().timeToFirstChunk() != null && record.ending().timeToFirstChunk().compareTo(record.ending().duration()) <= 0);
    }

    @Test
    void a_stream_closed_before_its_end_is_recorded_as_cancelled_and_closes_the_upstream() {
        provider.chunks = List.of(new ChatChunk("{}", "a", null, null), new ChatChunk("{}", "b", null, null));
        ChatStream stream = service(route("openai", "m", null, ParamRules.NONE)).stream(command("openai/m", "stream", true));
        stream.next();
        stream.close();
        stream.close();
        assertEquals(1, records.size());
        assertEquals(Outcome.CANCELLED, records.getFirst().ending().outcome());
        assertEquals(RecordingProvider.STREAM_ID, records.getFirst().answer().responseId(), "said by the first chunk");
        assertTrue(provider.streamClosed);
    }

    @Test
    void a_stream_that_fails_after_its_first_chunk_is_recorded_as_a_failure_with_its_error() {
        BridgeException cut = BridgeException.of(ErrorKind.UPSTREAM_ERROR, "cut").build();
        provider.chunks = List.of(new ChatChunk("{}", "a", null, null));
        provider.failure = cut;
        ChatStream stream = service(route("openai", "m", null, ParamRules.NONE)).stream(command("openai/m", "stream", true));
        assertEquals("a", stream.next().orElseThrow().contentDelta());
        assertThrows(BridgeException.class, stream::next);
        stream.close();
        assertEquals(Outcome.FAILURE, records.getFirst().ending().outcome());
        assertSame(cut, records.getFirst().ending().error());
        assertEquals(1, provider.routes.size(), "never retried once a chunk went out");
    }

    @Test
    void a_stream_that_breaks_unexpectedly_is_recorded_as_a_failure_of_the_gateway_not_as_cancelled() {
        provider.chunks = List.of(new ChatChunk("{}", "a", null, null));
        provider.breakage = new IllegalStateException("a bug");
        ChatStream stream = service(route("openai", "m", null, ParamRules.NONE)).stream(command("openai/m", "stream", true));
        stream.next();
        assertThrows(IllegalStateException.class, stream::next);
        stream.close();
        assertEquals(Outcome.FAILURE, records.getFirst().ending().outcome());
        assertEquals(ErrorKind.INTERNAL, records.getFirst().ending().error().kind());
    }

    @Test
    void a_stream_that_fails_before_its_first_chunk_fails_at_once_and_is_recorded() {
        BridgeException cut = BridgeException.of(ErrorKind.UPSTREAM_ERROR, "cut").build();
        provider.failure = cut;
        ChatCompletionService service = service(route("openai", "m", null, ParamRules.NONE));
        assertSame(cut, assertThrows(BridgeException.class, () -> service.stream(command("openai/m", "stream", true))));
        assertEquals(Outcome.FAILURE, records.getFirst().ending().outcome());
        assertSame(cut, records.getFirst().ending().error());
        assertTrue(provider.streamClosed, "the failed upstream stream is closed");
        assertEquals(1, records.getFirst().routing().attempts().size());
    }

    @Test
    void a_request_refused_before_any_upstream_call_is_recorded_too() {
        assertThrows(BridgeException.class, () -> service(route("openai", "m", null, ParamRules.NONE)).complete(command("openai/nope")));
        assertEquals(Outcome.FAILURE, records.getFirst().ending().outcome());
        assertEquals(ErrorKind.MODEL_NOT_FOUND, records.getFirst().ending().error().kind());
        assertEquals("openai/nope", records.getFirst().request().requestedModel());
    }

    @Test
    void a_provider_that_reports_no_usage_gets_the_gateways_estimate_in_the_record_and_the_response() {
        provider.response = new ChatResponse("{}", null, "stop", null, null, new GeneratedText("hello", "think", "f{}"));
        ChatResponse response = service(route("openai", "m", null, ParamRules.NONE)).complete(command("openai/m"));

        Usage expected = new Usage(2L, 13L, 15L, 5L, null, UsageSource.ESTIMATED);
        assertEquals(expected, response.usage(), "prompt 'hi'; completion = content + reasoning + tool calls");
        assertEquals(expected, records.getFirst().ending().usage());
        assertTrue(records.getFirst().routing().upstreamTime() != null);
    }

    @Test
    void a_reported_usage_is_kept_as_it_is_even_with_zeros() {
        Usage zeros = new Usage(0L, 0L, 0L, null, null, UsageSource.PROVIDER);
        provider.response = new ChatResponse("{}", zeros, "stop", null, null, new GeneratedText("hello", null, null));
        ChatResponse response = service(route("openai", "m", null, ParamRules.NONE)).complete(command("openai/m"));
        assertSame(zeros, response.usage());
        assertSame(zeros, records.getFirst().ending().usage());
    }

    @Test
    void a_chunk_not_meant_for_the_client_is_read_for_its_usage_and_not_handed_on() {
        provider.chunks = List.of(new ChatChunk("{\"a\"}", "a", null, null), new ChatChunk("{\"stop\"}", null, "stop", null),
                new ChatChunk("{\"usage\"}", null, null, RecordingProvider.USAGE).notForClient());
        List<String> handedOn = new ArrayList<>();
        try (ChatStream stream = service(route("openai", "m", null, ParamRules.NONE)).stream(command("openai/m", "stream", true))) {
            Optional<ChatChunk> chunk;
            while ((chunk = stream.next()).isPresent()) {
                handedOn.add(chunk.get().json());
            }
        }
        assertEquals(List.of("{\"a\"}", "{\"stop\"}"), handedOn);
        assertEquals(RecordingProvider.USAGE, records.getFirst().ending().usage());
        assertEquals(Outcome.SUCCESS, records.getFirst().ending().outcome());
    }

    @Test
    void a_stream_closed_early_without_usage_is_estimated_from_what_was_delivered() {
        provider.chunks = List.of(
                new ChatChunk("{}", "Hel", null, null, "why", null, true),
                new ChatChunk("{}", "lo", null, null, null, "get_weather{\"city\"", true),
                new ChatChunk("{}", "never delivered", null, null));
        ChatStream stream = service(route("openai", "m", null, ParamRules.NONE)).stream(command("openai/m", "stream", true));
        stream.next();
        stream.next();
        stream.close();

        ChatRecord record = records.getFirst();
        assertEquals(Outcome.CANCELLED, record.ending().outcome());
        assertEquals(new Usage(2L, 26L, 28L, 3L, null, UsageSource.ESTIMATED), record.ending().usage(),
                "'Hello' + 'why' + the tool call so far, not the chunk the client never got");
    }

    @Test
    void a_stream_that_reports_running_usage_is_recorded_with_the_last_report_not_the_sum() {
        // Gemini sends usageMetadata with every event, each a running total.
        Usage early = new Usage(7L, 1L, 8L, null, null, UsageSource.PROVIDER);
        Usage last = new Usage(7L, 5L, 12L, null, null, UsageSource.PROVIDER);
        provider.chunks = List.of(new ChatChunk("{}", "a", null, early), new ChatChunk("{}", "bcde", "stop", last));
        try (ChatStream stream = service(route("openai", "m", null, ParamRules.NONE)).stream(command("openai/m", "stream", true))) {
            while (stream.next().isPresent()) {
                // drain
            }
        }
        assertSame(last, records.getFirst().ending().usage());
    }

    @Test
    void a_stream_whose_provider_reports_no_usage_is_estimated_when_it_ends() {
        provider.chunks = List.of(new ChatChunk("{}", "abc", null, null), new ChatChunk("{}", null, "stop", null));
        try (ChatStream stream = service(route("openai", "m", null, ParamRules.NONE)).stream(command("openai/m", "stream", true))) {
            while (stream.next().isPresent()) {
                // drain
            }
        }
        assertEquals(new Usage(2L, 3L, 5L, null, null, UsageSource.ESTIMATED), records.getFirst().ending().usage());
    }

    @Test
    void an_open_stream_is_announced_once_and_recorded_once_when_closed() {
        provider.chunks = List.of(new ChatChunk("{}", "a", "stop", null));
        ChatCommand command = command("openai/m", "stream", true);
        ChatStream stream = service(route("openai", "m", null, ParamRules.NONE)).stream(command);
        assertEquals(List.of(command.context().requestId()), opened);
        assertTrue(records.isEmpty());
        stream.close();
        assertEquals(1, records.size());
        assertEquals(opened.getFirst(), records.getFirst().request().context().requestId());
    }

    @Test
    void a_failed_provider_call_records_the_prompt_it_sent_but_an_unavailable_provider_records_none() {
        ChatCompletionService service = service(route("openai", "m", null, ParamRules.NONE));
        provider.failure = BridgeException.of(ErrorKind.UPSTREAM_ERROR, "boom").upstreamStatus(500).build();
        assertThrows(BridgeException.class, () -> service.complete(command("openai/m")));
        assertEquals(new Usage(2L, 0L, 2L, null, null, UsageSource.ESTIMATED), records.getFirst().ending().usage());

        provider.failure = BridgeException.of(ErrorKind.UNAVAILABLE, "no key").build();
        assertThrows(BridgeException.class, () -> service.stream(command("openai/m", "stream", true)));
        assertEquals(null, records.get(1).ending().usage());
        assertTrue(opened.isEmpty(), "a stream that never opened is not in flight");
    }

    @Test
    void a_call_the_upstream_refused_with_a_client_error_status_is_recorded_without_any_charge() {
        ChatCompletionService service = service(route("openai", "m", null, ParamRules.NONE));
        for (int status : new int[] {400, 401, 403, 429}) {
            records.clear();
            BridgeException refused = BridgeException.of(ErrorKind.UPSTREAM_ERROR, "refused").upstreamStatus(status).build();
            provider.failure = refused;
            assertSame(refused, assertThrows(BridgeException.class, () -> service.complete(command("openai/m"))));
            assertSame(refused, assertThrows(BridgeException.class, () -> service.stream(command("openai/m", "stream", true))));
            assertEquals(2, records.size());
            records.forEach(record -> assertEquals(null, record.ending().usage(), "status " + status));
        }
    }

    @Test
    void a_call_that_timed_out_after_sending_its_prompt_is_charged_the_prompt() {
        ChatCompletionService service = service(route("openai", "m", null, ParamRules.NONE));
        provider.failure = BridgeException.of(ErrorKind.UPSTREAM_TIMEOUT, "slow").build();
        assertThrows(BridgeException.class, () -> service.complete(command("openai/m")));
        assertEquals(new Usage(2L, 0L, 2L, null, null, UsageSource.ESTIMATED), records.getFirst().ending().usage());
    }

    @Test
    void an_estimate_that_fails_with_an_error_leaves_the_answer_as_the_upstream_gave_it_and_records_no_usage() {
        counter = throwing(new OutOfMemoryError("Java heap space"));
        provider.response = new ChatResponse("{}", null, "stop", null, null, new GeneratedText("hello", null, null));
        ChatCompletionService service = service(route("openai", "m", null, ParamRules.NONE));

        ChatResponse response = service.complete(command("openai/m"));

        assertSame(provider.response.json(), response.json());
        assertEquals(null, response.usage());
        assertEquals(Outcome.SUCCESS, records.getFirst().ending().outcome());
        assertEquals(null, records.getFirst().ending().usage());
    }

    @Test
    void a_failed_call_whose_estimate_fails_still_passes_on_the_upstreams_error_and_is_recorded() {
        counter = throwing(new StackOverflowError());
        BridgeException timeout = BridgeException.of(ErrorKind.UPSTREAM_TIMEOUT, "slow").build();
        provider.failure = timeout;
        ChatCompletionService service = service(route("openai", "m", null, ParamRules.NONE));

        assertSame(timeout, assertThrows(BridgeException.class, () -> service.complete(command("openai/m"))));

        assertSame(timeout, records.getFirst().ending().error());
        assertEquals(null, records.getFirst().ending().usage());
    }

    @Test
    void a_stream_whose_estimate_fails_is_still_recorded_when_closed() {
        counter = throwing(new OutOfMemoryError("Java heap space"));
        provider.chunks = List.of(new ChatChunk("{}", "abc", "stop", null));
        ChatStream stream = service(route("openai", "m", null, ParamRules.NONE)).stream(command("openai/m", "stream", true));
        assertEquals("abc", stream.next().orElseThrow().contentDelta());
        assertTrue(stream.next().isEmpty());

        stream.close();

        assertEquals(1, records.size());
        assertEquals(Outcome.SUCCESS, records.getFirst().ending().outcome());
        assertEquals(null, records.getFirst().ending().usage());
    }

    @Test
    void a_stream_is_recorded_even_when_its_estimate_throws_past_the_estimator() {
        provider.chunks = List.of(new ChatChunk("{}", "abc", null, null));
        ChatCommand command = command("openai/m", "stream", true);
        Trail<ChatRequest> trail = new Trail<>(route("openai", "m", null, ParamRules.NONE));
        trail.answeredBy(trail.requested());
        RecordedStream stream = new RecordedStream(provider.stream(trail.requested(), command.request()), trail,
                new ChatRecording(command, records::add, ContentCapture.OFF), delivered -> {
                    throw new OutOfMemoryError("Java heap space");
                });
        stream.next();

        assertThrows(OutOfMemoryError.class, stream::close);

        assertEquals(1, records.size());
        assertEquals(Outcome.CANCELLED, records.getFirst().ending().outcome());
        assertTrue(provider.streamClosed);
    }

    private static TokenCounter throwing(Error error) {
        return new TokenCounter() {
            @Override
            public long promptTokens(String model, ChatRequest request) {
                throw error;
            }

            @Override
            public long completionTokens(String model, GeneratedText output) {
                throw error;
            }
        };
    }

    @Test
    void no_text_is_recorded_unless_content_capture_is_on() {
        provider.chunks = List.of(new ChatChunk("{}", "secret answer", "stop", null));
        ChatCompletionService service = service(route("openai", "m", null, ParamRules.NONE));
        service.complete(command("openai/m"));
        try (ChatStream stream = service.stream(command("openai/m", "stream", true))) {
            while (stream.next().isPresent()) {
                // drain
            }
        }
        assertEquals(2, records.size());
        records.forEach(record -> assertEquals(null, record.content()));
    }

    @Test
    void captured_content_is_the_messages_and_the_answer_each_cut_to_the_limit() {
        provider.response = new ChatResponse("{}", null, "stop", null, null, new GeneratedText("a long answer", null, null));
        ChatCompletionService service = service(new ContentCapture(8), route("openai", "m", null, ParamRules.NONE));
        service.complete(command("openai/m"));
        assertEquals(new ChatContent("user: hi", "a long a…"), records.getFirst().content());

        provider.chunks = List.of(new ChatChunk("{}", "abc", null, null), new ChatChunk("{}", "defghij", "stop", null));
        try (ChatStream stream = service.stream(command("openai/m", "stream", true))) {
            while (stream.next().isPresent()) {
                // drain
            }
        }
        assertEquals(new ChatContent("user: hi", "abcdefgh…"), records.get(1).content());
    }

    @Test
    void a_failed_request_keeps_its_prompt_when_content_is_captured() {
        assertThrows(BridgeException.class, () -> service(new ContentCapture(100), route("openai", "m", null, ParamRules.NONE))
                .complete(command("openai/nope")));
        assertEquals(new ChatContent("user: hi", null), records.getFirst().content());
    }

    @Test
    void a_cut_never_splits_a_character_in_two() {
        BoundedText text = new BoundedText(3).append("ab\uD83D\uDE00c");
        assertEquals("ab…", text.toString());
    }

    private static final class RecordingProvider implements ChatProvider {
        static final Usage USAGE = new Usage(3L, 2L, 5L, null, null, UsageSource.PROVIDER);
        static final ChatResponse RESPONSE = new ChatResponse("{}", USAGE, "stop", null, "chatcmpl-whole", GeneratedText.NONE);
        /** The id the provider's streams say with their first chunk. */
        static final String STREAM_ID = "chatcmpl-stream";
        ChatResponse response = RESPONSE;
        final List<ModelRoute> routes = new ArrayList<>();
        final List<ChatRequest> requests = new ArrayList<>();
        List<ChatChunk> chunks = List.of();
        BridgeException failure;
        /** Thrown by a stream after its chunks, as a bug would be. */
        RuntimeException breakage;
        boolean streamClosed;

        @Override
        public ChatResponse complete(ModelRoute route, ChatRequest request, Duration timeout) {
            routes.add(route);
            requests.add(request);
            if (failure != null) {
                throw failure;
            }
            return response;
        }

        @Override
        public ChatStream stream(ModelRoute route, ChatRequest request) {
            routes.add(route);
            requests.add(request);
            if (failure != null && failure.kind() == ErrorKind.UNAVAILABLE) {
                throw failure;
            }
            Iterator<ChatChunk> iterator = chunks.iterator();
            return new ChatStream() {
                private String responseId;

                @Override
                public Optional<ChatChunk> next() {
                    if (iterator.hasNext()) {
                        responseId = STREAM_ID;
                        return Optional.of(iterator.next());
                    }
                    if (failure != null) {
                        throw failure;
                    }
                    if (breakage != null) {
                        throw breakage;
                    }
                    return Optional.empty();
                }

                @Override
                public String responseId() {
                    return responseId;
                }

                @Override
                public void close() {
                    streamClosed = true;
                }
            };
        }
    }
}
