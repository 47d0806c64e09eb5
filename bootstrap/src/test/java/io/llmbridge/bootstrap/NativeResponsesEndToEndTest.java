package io.llmbridge.bootstrap;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.matchers.Times;
import org.mockserver.model.HttpRequest;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/**
 * {@code /v1/responses} relayed to a provider with {@code responses: native}: MockServer plays
 * OpenAI's Responses API (answers shaped as its API reference documents them); the request and the
 * answer must pass byte for byte, {@code model} aside, and be recorded like a chat.
 */
class NativeResponsesEndToEndTest {
    /** A Response object as the API reference documents it, with a field the gateway does not know. */
    private static final String RESPONSE = """
            {
              "id": "resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b",
              "object": "response",
              "created_at": 1741476542,
              "status": "completed",
              "error": null,
              "incomplete_details": null,
              "model": "gpt-4.1-2025-04-14",
              "output": [
                {
                  "type": "message",
                  "id": "msg_67ccd2bf17f0819081ff3bb2cf6508e60bb6a6b452d3795b",
                  "status": "completed",
                  "role": "assistant",
                  "content": [{"type": "output_text", "text": "In a peaceful grove beneath a silver moon...", "annotations": []}]
                }
              ],
              "previous_response_id": "resp_earlier",
              "store": true,
              "usage": {
                "input_tokens": 36,
                "input_tokens_details": {"cached_tokens": 12},
                "output_tokens": 87,
                "output_tokens_details": {"reasoning_tokens": 0},
                "total_tokens": 123
              },
              "x_future_field": {"kept": 0.70}
            }""";

    private static final String EVENTS = """
            event: response.created
            data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_1","object":"response","created_at":1741290958,"status":"in_progress","model":"gpt-4.1-2025-04-14","output":[],"usage":null}}

            event: response.in_progress
            data: {"type":"response.in_progress","sequence_number":1,"response":{"id":"resp_1","object":"response","created_at":1741290958,"status":"in_progress","model":"gpt-4.1-2025-04-14","output":[],"usage":null}}

            event: response.output_item.added
            data: {"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"msg_1","type":"message","status":"in_progress","role":"assistant","content":[]}}

            event: response.content_part.added
            data: {"type":"response.content_part.added","sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","text":"","annotations":[]}}

            event: response.output_text.delta
            data: {"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi \\"response.completed\\" there"}

            event: response.output_text.done
            data: {"type":"response.output_text.done","sequence_number":5,"item_id":"msg_1","output_index":0,"content_index":0,"text":"Hi \\"response.completed\\" there"}

            event: response.content_part.done
            data: {"type":"response.content_part.done","sequence_number":6,"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","text":"Hi \\"response.completed\\" there","annotations":[]}}

            event: response.output_item.done
            data: {"type":"response.output_item.done","sequence_number":7,"output_index":0,"item":{"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hi \\"response.completed\\" there","annotations":[]}]}}

            event: response.completed
            data: {"type":"response.completed","sequence_number":8,"response":{"id":"resp_1","object":"response","created_at":1741290958,"status":"completed","model":"gpt-4.1-2025-04-14","output":[{"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hi \\"response.completed\\" there","annotations":[]}]}],"usage":{"input_tokens":37,"output_tokens":11,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":48}}}

            """;

    private static ClientAndServer upstream;
    private static TestGateway gateway;
    private static OpenAIClient client;
    private static final BlockingQueue<ChatRecord> RECORDS = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() {
        upstream = ClientAndServer.startClientAndServer(0);
        gateway = TestGateway.start("""
                  openai:
                    adapter: openai
                    responses: native
                    base_url: http://127.0.0.1:%1$d/v1
                    models:
                      gpt-4.1: {timeout: 10}
                  chatonly:
                    adapter: openai
                    base_url: http://127.0.0.1:%1$d/chatonly/v1
                    api_key_required: false
                    models:
                      m: {timeout: 10}
                """.formatted(upstream.getPort()), """
                resilience:
                  backoff: {initial: 0.001, max: 0.005}
                """, Map.of("OPENAI_API_KEY", TestGateway.PROVIDER_KEY), List.of(RECORDS::add));
        client = OpenAIOkHttpClient.builder().baseUrl(gateway.baseUrl()).apiKey(TestGateway.ACCESS_KEY).maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.stop();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
        RECORDS.clear();
    }

    private static HttpRequest responses() {
        return request().withMethod("POST").withPath("/v1/responses");
    }

    private static ChatRecord record() throws InterruptedException {
        ChatRecord record = RECORDS.poll(10, TimeUnit.SECONDS);
        assertNotNull(record, "the request was not recorded");
        return record;
    }

    @Test
    void a_request_goes_up_byte_for_byte_but_for_the_model_and_the_answer_comes_back_as_it_came() throws Exception {
        upstream.when(responses()).respond(response().withStatusCode(200).withHeader("Content-Type", "application/json")
                .withHeader("x-request-id", "req_up_1").withBody(RESPONSE));
        // Fields a translation refuses or drops: state, built-in tools, odd spacing and number forms.
        String sent = """
                {"model" : "openai/gpt-4.1", "previous_response_id":"resp_earlier","store":true,
                 "tools":[{"type":"web_search"}], "input":[{"role":"user","content":"Tell me a story \\u00e9"}],"temperature":0.70}""";

        HttpResponse<String> answer = gateway.post("/responses", sent, TestGateway.ACCESS_KEY);

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(RESPONSE, answer.body());
        assertEquals("openai/gpt-4.1", answer.headers().firstValue("x-llmbridge-model").orElseThrow());
        HttpRequest relayed = upstream.retrieveRecordedRequests(responses())[0];
        assertArrayEquals(sent.replace("\"openai/gpt-4.1\"", "\"gpt-4.1\"").getBytes(StandardCharsets.UTF_8), relayed.getBodyAsRawBytes());
        assertEquals("Bearer " + TestGateway.PROVIDER_KEY, relayed.getFirstHeader("Authorization"));
        ChatRecord record = record();
        assertEquals(Outcome.SUCCESS, record.ending().outcome());
        assertEquals(36L, record.ending().usage().promptTokens());
        assertEquals(87L, record.ending().usage().completionTokens());
        assertEquals(12L, record.ending().usage().cachedTokens());
        assertEquals("stop", record.answer().finishReason());
        assertEquals("req_up_1", record.answer().upstreamRequestId());
        assertEquals("resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b", record.answer().responseId());
        assertEquals("openai/gpt-4.1", record.request().requestedModel());
    }

    @Test
    void the_sdk_reads_a_relayed_response() {
        upstream.when(responses()).respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody(RESPONSE));

        Response answer = client.responses().create(ResponseCreateParams.builder().model("openai/gpt-4.1")
                .input("Tell me a story").previousResponseId("resp_earlier").build());

        assertEquals("resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b", answer.id());
        assertEquals(123L, answer.usage().orElseThrow().totalTokens());
    }

    @Test
    void a_stream_is_relayed_event_for_event_and_its_usage_read_from_response_completed() throws Exception {
        upstream.when(responses()).respond(response().withStatusCode(200).withHeader("Content-Type", "text/event-stream")
                .withBody(EVENTS));

        HttpResponse<String> answer = gateway.post("/responses",
                "{\"model\":\"openai/gpt-4.1\",\"stream\":true,\"input\":\"hi\"}", TestGateway.ACCESS_KEY);

        assertEquals(200, answer.statusCode());
        assertEquals(EVENTS, answer.body());
        assertTrue(answer.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
        assertEquals("{\"model\":\"gpt-4.1\",\"stream\":true,\"input\":\"hi\"}",
                new String(upstream.retrieveRecordedRequests(responses())[0].getBodyAsRawBytes(), StandardCharsets.UTF_8));
        ChatRecord record = record();
        assertEquals(Outcome.SUCCESS, record.ending().outcome());
        assertEquals(37L, record.ending().usage().promptTokens());
        assertEquals(11L, record.ending().usage().completionTokens());
        assertEquals("resp_1", record.answer().responseId());
        assertTrue(record.request().stream());
        assertNotNull(record.ending().timeToFirstChunk());
    }

    @Test
    void the_sdk_reads_a_relayed_stream() {
        upstream.when(responses()).respond(response().withStatusCode(200).withHeader("Content-Type", "text/event-stream")
                .withBody(EVENTS));

        List<ResponseStreamEvent> events;
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(
                ResponseCreateParams.builder().model("openai/gpt-4.1").input("hi").build())) {
            events = stream.stream().toList();
        }

        assertEquals(9, events.size());
        assertEquals("Hi \"response.completed\" there", events.get(4).asOutputTextDelta().delta());
        assertEquals(48L, events.getLast().asCompleted().response().usage().orElseThrow().totalTokens());
    }

    @Test
    void a_server_error_before_the_answer_is_retried_and_an_invalid_request_is_answered_in_openai_shape() throws Exception {
        upstream.when(responses(), Times.once()).respond(response().withStatusCode(503).withBody("{\"error\":{\"message\":\"busy\"}}"));
        upstream.when(responses(), Times.once()).respond(response().withStatusCode(200)
                .withHeader("Content-Type", "application/json").withBody(RESPONSE));

        assertEquals(200, gateway.post("/responses", "{\"model\":\"openai/gpt-4.1\",\"input\":\"x\"}", TestGateway.ACCESS_KEY).statusCode());
        assertEquals(2, record().routing().attempts().size());

        upstream.when(responses()).respond(response().withStatusCode(400).withBody(
                "{\"error\":{\"message\":\"Previous response with id 'resp_x' not found.\",\"type\":\"invalid_request_error\","
                        + "\"param\":\"previous_response_id\",\"code\":\"previous_response_not_found\"}}"));
        HttpResponse<String> refused = gateway.post("/responses",
                "{\"model\":\"openai/gpt-4.1\",\"input\":\"x\",\"previous_response_id\":\"resp_x\"}", TestGateway.ACCESS_KEY);

        assertEquals(400, refused.statusCode());
        Map<?, ?> error = (Map<?, ?>) PlainJson.parseObject(refused.body()).get("error");
        assertTrue(((String) error.get("message")).contains("Previous response with id 'resp_x' not found."), refused.body());
        assertEquals(Outcome.FAILURE, record().ending().outcome());
    }

    @Test
    void a_stream_cut_after_it_began_ends_with_an_error_event() throws Exception {
        String begun = EVENTS.substring(0, EVENTS.indexOf("event: response.output_item.added"));
        // The upstream promises more than it sends, then hangs up in the middle of an event.
        upstream.when(responses()).respond(response().withStatusCode(200).withHeader("Content-Type", "text/event-stream")
                .withBody(begun + "event: response.output_text.delta\ndata: {\"type\":\"resp")
                .withConnectionOptions(org.mockserver.model.ConnectionOptions.connectionOptions()
                        .withContentLengthHeaderOverride(begun.length() + 10_000).withCloseSocket(true)));

        HttpResponse<String> answer = gateway.post("/responses",
                "{\"model\":\"openai/gpt-4.1\",\"stream\":true,\"input\":\"hi\"}", TestGateway.ACCESS_KEY);

        assertEquals(200, answer.statusCode());
        assertTrue(answer.body().startsWith(begun), answer.body());
        String end = answer.body().substring(answer.body().lastIndexOf("\n\nevent: error\ndata: ") + 20).strip();
        Map<String, Object> error = PlainJson.parseObject(end);
        assertEquals("error", error.get("type"));
        assertTrue(((String) error.get("message")).length() > 0);
        assertEquals(Outcome.FAILURE, record().ending().outcome());
    }

    @Test
    void a_failed_response_is_relayed_as_it_came_and_recorded_as_a_failure() throws Exception {
        String begun = EVENTS.substring(0, EVENTS.indexOf("event: response.output_item.added"));
        String failed = "event: response.failed\ndata: {\"type\":\"response.failed\",\"sequence_number\":2,\"response\":"
                + "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"failed\",\"error\":{\"code\":\"server_error\","
                + "\"message\":\"The model failed.\"},\"usage\":null}}\n\n";
        upstream.when(responses()).respond(response().withStatusCode(200).withHeader("Content-Type", "text/event-stream")
                .withBody(begun + failed));

        HttpResponse<String> answer = gateway.post("/responses",
                "{\"model\":\"openai/gpt-4.1\",\"stream\":true,\"input\":\"hi\"}", TestGateway.ACCESS_KEY);

        assertEquals(begun + failed, answer.body());
        ChatRecord record = record();
        assertEquals(Outcome.FAILURE, record.ending().outcome());
        assertEquals("server_error", record.ending().error().code());
    }

    @Test
    void a_provider_without_native_responses_is_still_translated_onto_chat() {
        upstream.when(request().withPath("/chatonly/v1/chat/completions")).respond(response().withStatusCode(200).withBody("""
                {"id":"c1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,\
                "message":{"role":"assistant","content":"translated"},"finish_reason":"stop"}]}"""));

        Response answer = client.responses().create(ResponseCreateParams.builder().model("chatonly/m").input("hi").build());

        assertEquals("translated", answer.output().getFirst().asMessage().content().getFirst().asOutputText().text());
        assertEquals(0, upstream.retrieveRecordedRequests(responses()).length);
    }

    @Test
    void hostile_bodies_get_openai_shaped_4xx_and_never_reach_the_upstream() {
        for (String body : List.of("{\"model\":\"openai/gpt-4.1\",\"input\":", "[1,2]", "{\"model\":42,\"input\":\"x\"}",
                "{\"model\":\"openai/gpt-4.1\",\"stream\":\"yes\",\"input\":\"x\"}", "{\"model\":\"openai/nothing\",\"input\":\"x\"}")) {
            HttpResponse<String> answer = gateway.post("/responses", body, TestGateway.ACCESS_KEY);
            assertTrue(answer.statusCode() == 400 || answer.statusCode() == 404, body + " -> " + answer.statusCode());
            assertTrue(PlainJson.parseObject(answer.body()).get("error") instanceof Map<?, ?>, answer.body());
        }
        HttpResponse<String> huge = gateway.post("/responses", "{\"model\":\"openai/gpt-4.1\",\"input\":\"" + "x".repeat(70_000) + "\"}",
                TestGateway.ACCESS_KEY);
        assertEquals(413, huge.statusCode());
        assertEquals(0, upstream.retrieveRecordedRequests(responses()).length);
    }

    @Test
    void reading_a_stored_response_back_is_a_400_that_says_where_it_is_kept() {
        HttpResponse<String> answer = gateway.get("/responses/resp_67ccd2bed1ec", TestGateway.ACCESS_KEY);

        assertEquals(400, answer.statusCode());
        assertTrue(answer.body().contains("native Responses provider"), answer.body());
    }
}
