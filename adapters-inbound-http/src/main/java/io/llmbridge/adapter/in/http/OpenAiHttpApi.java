package io.llmbridge.adapter.in.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmbridge.adapter.support.json.OpenAiErrors;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.in.AuthenticationUseCase;
import io.llmbridge.application.port.in.ChatCommand;
import io.llmbridge.application.port.in.ChatCompletionUseCase;
import io.llmbridge.application.port.in.ListModelsUseCase;
import io.llmbridge.application.port.in.UsageReportUseCase;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.ModelCard;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * OpenAI's REST surface, {@code /chat/completions} and {@code /models}, and the gateway's own
 * {@code /usage}; to register under {@code /v1}.
 */
public final class OpenAiHttpApi implements HttpService {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiHttpApi.class);

    private static final String MODELS_PATH = "/models/";
    private static final HeaderName REQUEST_ID = HeaderNames.create("x-llmbridge-request-id");
    /** Which model answered: a fallback or deployment makes it differ from the one asked for. */
    private static final HeaderName ANSWERING_MODEL = HeaderNames.create("x-llmbridge-model");
    private static final HeaderName USAGE_SOURCE = HeaderNames.create("x-llmbridge-usage-source");

    private final AuthenticationUseCase authentication;
    private final ChatCompletionUseCase chat;
    private final ListModelsUseCase models;
    private final UsageReportUseCase usage;
    private final long maxBodyBytes;
    private final TrustedProxies trustedProxies;
    private final LargeBodies largeBodies;

    /** An API that believes no {@code X-Forwarded-For}. */
    public OpenAiHttpApi(AuthenticationUseCase authentication, ChatCompletionUseCase chat, ListModelsUseCase models,
                         UsageReportUseCase usage, long maxBodyBytes) {
        this(authentication, chat, models, usage, maxBodyBytes, TrustedProxies.NONE);
    }

    /**
     * @param maxBodyBytes   the largest request body accepted; larger ones get 413
     * @param trustedProxies the peers whose {@code X-Forwarded-For} names the client
     */
    public OpenAiHttpApi(AuthenticationUseCase authentication, ChatCompletionUseCase chat, ListModelsUseCase models,
                         UsageReportUseCase usage, long maxBodyBytes, TrustedProxies trustedProxies) {
        this(authentication, chat, models, usage, maxBodyBytes, trustedProxies, LargeBodies.ofHeap());
    }

    OpenAiHttpApi(AuthenticationUseCase authentication, ChatCompletionUseCase chat, ListModelsUseCase models,
                  UsageReportUseCase usage, long maxBodyBytes, TrustedProxies trustedProxies, LargeBodies largeBodies) {
        this.authentication = authentication;
        this.chat = chat;
        this.models = models;
        this.usage = usage;
        this.maxBodyBytes = maxBodyBytes;
        this.trustedProxies = trustedProxies;
        this.largeBodies = largeBodies;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/chat/completions", guarded(this::chatCompletions))
                .get("/models", guarded(this::listModels))
                .get("/models/*", guarded(this::getModel))
                .get("/usage", guarded(this::usageReport))
                .any("/chat/completions", this::methodNotAllowed)
                .any("/models", this::methodNotAllowed)
                .any("/models/*", this::methodNotAllowed)
                .any("/usage", this::methodNotAllowed)
                .any(this::unknownEndpoint);
    }

    private void chatCompletions(ServerRequest req, ServerResponse res) {
        RequestContext context = context(req, res, RequestContext.CHAT_COMPLETION);
        Caller caller = caller(req, context);
        // Bodies sent without a length (chunked) are not counted; OpenAI's SDKs send one. A body
        // declared over the limit gets its 413 from the read at once, not after waiting for room.
        long declared = req.headers().contentLength().orElse(0);
        LargeBodies.Admission admission = declared > maxBodyBytes ? LargeBodies.Admission.NONE
                : recordingRefusal(req, caller, context, () -> largeBodies.admit(declared));
        try (admission) { // the body's values live until the answer has been sent
            ChatRequest request = recordingRefusal(req, caller, context, () -> RequestReading.chatRequest(req, maxBodyBytes));
            answer(new ChatCommand(caller, request, context), res);
        }
    }

    /** Runs a step that may refuse the request before the chat service sees it, and records the refusal. */
    private <T> T recordingRefusal(ServerRequest req, Caller caller, RequestContext context, Supplier<T> step) {
        try {
            return step.get();
        } catch (BridgeException e) {
            chat.refused(caller, context, e);
            throw e;
        } catch (OutOfMemoryError e) {
            BridgeException refusal = outOfMemory(req);
            chat.refused(caller, context, refusal);
            throw refusal;
        }
    }

    private void answer(ChatCommand command, ServerResponse res) {
        if (command.request().stream()) {
            ChatStream stream = chat.stream(command);
            answeredBy(res, stream.answeredBy());
            EventStreamWriter.write(stream, res);
        } else {
            ChatResponse response = chat.complete(command);
            answeredBy(res, response.answeredBy());
            String json = response.json();
            // The provider reported no usage: the client gets the gateway's count, marked as such.
            if (response.usage() != null && response.usage().isEstimated()) {
                res.header(USAGE_SOURCE, "estimated");
                json = UsageJson.withUsage(json, response.usage());
            }
            res.header(HeaderValues.CONTENT_TYPE_JSON);
            res.send(json.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void answeredBy(ServerResponse res, String model) {
        if (model != null) {
            res.header(ANSWERING_MODEL, model);
        }
    }

    private void listModels(ServerRequest req, ServerResponse res) {
        List<Map<String, Object>> data = models.list(caller(req, context(req, res, "models.list"))).stream().map(OpenAiHttpApi::modelJson).toList();
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("object", "list");
        list.put("data", data);
        sendJson(res, list);
    }

    private void getModel(ServerRequest req, ServerResponse res) {
        Caller caller = caller(req, context(req, res, "models.get"));
        // The service's own path, relative to where it is registered: ids may contain slashes.
        String id = req.path().path().substring(MODELS_PATH.length());
        sendJson(res, modelJson(models.get(caller, id)));
    }

    private void usageReport(ServerRequest req, ServerResponse res) {
        Caller caller = caller(req, context(req, res, "usage.get"));
        sendJson(res, UsageReportJson.json(usage.report(caller)));
    }

    private Caller caller(ServerRequest req, RequestContext context) {
        return authentication.authenticate(RequestReading.accessKey(req), context);
    }

    /** Every answer carries the request's id, so a client can quote it and an operator find it. */
    private RequestContext context(ServerRequest req, ServerResponse res, String action) {
        RequestContext context = RequestContext.received(Transport.HTTP, action, RequestReading.clientIp(req, trustedProxies));
        res.header(REQUEST_ID, context.requestId());
        return context;
    }

    private static Map<String, Object> modelJson(ModelCard card) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("id", card.id());
        model.put("object", "model");
        model.put("created", card.createdEpochSecond());
        model.put("owned_by", card.ownedBy());
        return model;
    }

    private void methodNotAllowed(ServerRequest req, ServerResponse res) {
        Method method = req.prologue().method();
        ErrorResponses.send(res, 405, OpenAiErrors.json("Method " + method.text() + " is not allowed on "
                + fullPath(req) + ".", "invalid_request_error", null, "method_not_allowed"));
    }

    private void unknownEndpoint(ServerRequest req, ServerResponse res) {
        ErrorResponses.send(res, 404, OpenAiErrors.json("Unknown endpoint: " + req.prologue().method().text() + " "
                + fullPath(req) + ".", "invalid_request_error", null, "unknown_url"));
    }

    private static String fullPath(ServerRequest req) {
        return req.prologue().uriPath().path();
    }

    private static void sendJson(ServerResponse res, Object json) {
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(PlainJson.write(json).getBytes(StandardCharsets.UTF_8));
    }

    /** Every failure becomes OpenAI's error JSON; nothing reaches the client as a stack trace. */
    private static Handler guarded(Handler handler) {
        return (req, res) -> {
            try {
                handler.handle(req, res);
            } catch (BridgeException e) {
                if (!res.isSent()) {
                    ErrorResponses.send(res, e);
                }
            } catch (UncheckedIOException | ServerConnectionException e) {
                // A client that went away (Helidon reports a failed write as the latter): routine,
                // and audited as cancelled, so not an error with a stack trace in the log.
                LOG.debug("I/O with the client failed: {}", e.toString());
                if (e instanceof ServerConnectionException gone) {
                    throw gone; // Helidon then closes the connection instead of finishing the response to nobody
                }
            } catch (RuntimeException e) {
                LOG.error("Unexpected failure on {} {}", req.prologue().method().text(), fullPath(req), e);
                if (!res.isSent()) {
                    ErrorResponses.send(res, BridgeException.unexpected());
                }
            } catch (OutOfMemoryError e) {
                BridgeException refusal = outOfMemory(req);
                if (!res.isSent()) {
                    ErrorResponses.send(res, refusal);
                }
            }
        };
    }

    /**
     * Too many large bodies at once for the heap. This request's memory is garbage as soon as it
     * unwinds, so the gateway goes on: the client may retry, the operator may raise the ceiling.
     */
    private static BridgeException outOfMemory(ServerRequest req) {
        LOG.warn("Out of heap memory on {} {} (large request bodies at once? raise -Xmx in configs/jvm.options or JAVA_OPTS)",
                req.prologue().method().text(), fullPath(req));
        return BridgeException.of(ErrorKind.UNAVAILABLE, "The gateway is short of memory for this request right now; retry shortly.")
                .code("gateway_out_of_memory").retryAfter("1").build();
    }
}
