package io.llmbridge.adapter.in.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmbridge.adapter.support.json.OpenAiErrors;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ClientText;
import io.llmbridge.domain.ErrorKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;

/**
 * The one place where a failure on this API becomes its answer: the status (from
 * {@link OpenAiErrors}' table, which the audit records too), {@code Retry-After}, and OpenAI's
 * error JSON. Nothing reaches the client as a stack trace; a client that went away is not answered.
 */
final class ErrorResponses {
    /** The API's logger: operators know these lines by it. */
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiHttpApi.class);

    private ErrorResponses() {
    }

    /** The handler, with every failure it throws answered in OpenAI's error JSON. */
    static Handler guarded(Handler handler) {
        return (req, res) -> {
            try {
                handler.handle(req, res);
            } catch (BridgeException e) {
                sendUnlessSent(res, e);
            } catch (UncheckedIOException | ServerConnectionException e) {
                // A client that went away (Helidon reports a failed write as the latter): routine,
                // and audited as cancelled, so not an error with a stack trace in the log.
                LOG.debug("I/O with the client failed: {}", e.toString());
                if (e instanceof ServerConnectionException gone) {
                    throw gone; // Helidon then closes the connection instead of finishing the response to nobody
                }
            } catch (OutOfMemoryError e) {
                sendUnlessSent(res, outOfMemory(req));
            } catch (RuntimeException | StackOverflowError e) {
                // A request's own failure: the client gets OpenAI's error JSON, the thread goes on.
                LOG.error("Unexpected failure on {} {}", req.prologue().method().text(), fullPath(req), e);
                sendUnlessSent(res, BridgeException.unexpected());
            }
        };
    }

    /**
     * Too many large bodies at once for the heap. This request's memory is garbage as soon as it
     * unwinds, so the gateway goes on: the client may retry, the operator may raise the ceiling.
     */
    static BridgeException outOfMemory(ServerRequest req) {
        LOG.warn("Out of heap memory on {} {} (large request bodies at once? raise -Xmx in configs/jvm.options or JAVA_OPTS)",
                req.prologue().method().text(), fullPath(req));
        return BridgeException.of(ErrorKind.UNAVAILABLE, "The gateway is short of memory for this request right now; retry shortly.")
                .code("gateway_out_of_memory").retryAfter("1").build();
    }

    static void methodNotAllowed(ServerRequest req, ServerResponse res) {
        send(res, 405, OpenAiErrors.json("Method " + ClientText.name(req.prologue().method().text()) + " is not allowed on "
                + ClientText.name(fullPath(req)) + ".", "invalid_request_error", null, "method_not_allowed"));
    }

    static void unknownEndpoint(ServerRequest req, ServerResponse res) {
        send(res, 404, OpenAiErrors.json("Unknown endpoint: " + ClientText.name(req.prologue().method().text()) + " "
                + ClientText.name(fullPath(req)) + ".", "invalid_request_error", null, "unknown_url"));
    }

    /** A failure after the first bytes went out cannot change the status; the stream writer reports it in-band. */
    private static void sendUnlessSent(ServerResponse response, BridgeException error) {
        if (response.isSent()) {
            return;
        }
        if (error.retryAfter() != null) {
            response.header(HeaderNames.RETRY_AFTER, error.retryAfter());
        }
        send(response, OpenAiErrors.httpStatus(error), OpenAiErrors.json(error));
    }

    private static void send(ServerResponse response, int status, String json) {
        response.status(status);
        JsonResponses.send(response, json);
    }

    private static String fullPath(ServerRequest req) {
        return req.prologue().uriPath().path();
    }
}
