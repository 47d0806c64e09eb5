package io.llmbridge.adapter.out.openai;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.out.provider.ChatProvider;
import io.llmbridge.application.port.out.provider.ChatProviderContract;
import io.llmbridge.application.port.out.provider.ProviderSettings;
import io.llmbridge.domain.Secret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.HttpRequest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/** The provider port's contract, with MockServer playing an OpenAI-shaped upstream. */
class OpenAiProviderContractTest extends ChatProviderContract {
    private static ClientAndServer upstream;

    @BeforeAll
    static void start() {
        upstream = ClientAndServer.startClientAndServer(0);
    }

    @AfterAll
    static void stop() {
        upstream.stop();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
    }

    @Override
    protected ChatProvider provider() {
        return new OpenAiProviderFactory().create(new ProviderSettings("contract", "http://127.0.0.1:" + upstream.getPort() + "/v1",
                new Secret("sk-contract"), "CONTRACT_API_KEY", Map.of()));
    }

    @Override
    protected void upstreamAnswers(List<String> pieces) {
        String usage = "\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":" + pieces.size() + ",\"total_tokens\":" + (4 + pieces.size()) + "}";
        upstream.when(request().withPath("/v1/chat/completions").withBody(org.mockserver.model.JsonBody.json("{\"stream\":false}")))
                .respond(response().withStatusCode(200).withBody("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
                        + "\"model\":\"contract-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
                        + String.join("", pieces) + "\"},\"finish_reason\":\"stop\"}]," + usage + "}"));
        StringBuilder events = new StringBuilder();
        for (String piece : pieces) {
            events.append("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                    + "\"delta\":{\"content\":\"").append(piece).append("\"},\"finish_reason\":null}]}\n\n");
        }
        events.append("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},"
                + "\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
        upstream.when(request().withPath("/v1/chat/completions").withBody(org.mockserver.model.JsonBody.json("{\"stream\":true}")))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "text/event-stream").withBody(events.toString()));
    }

    @Override
    protected boolean upstreamFails(int status) {
        upstream.when(request().withPath("/v1/chat/completions"))
                .respond(response().withStatusCode(status).withBody("{\"error\":{\"message\":\"failed\",\"type\":\"server_error\"}}"));
        return true;
    }

    @Override
    protected boolean upstreamStalls() {
        upstream.when(request().withPath("/v1/chat/completions"))
                .respond(response().withStatusCode(200).withBody("{}").withDelay(TimeUnit.SECONDS, 10));
        return true;
    }

    @Override
    protected String lastUpstreamModel() {
        HttpRequest[] requests = upstream.retrieveRecordedRequests(request().withPath("/v1/chat/completions"));
        return (String) PlainJson.parseObject(new String(requests[requests.length - 1].getBody().getRawBytes(),
                StandardCharsets.UTF_8)).get("model");
    }
}
