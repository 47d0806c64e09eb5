package io.llmbridge.adapter.in.anthropic;

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
 * Where a failure on the Messages surface becomes its answer: the gateway's status (the table the
 * OpenAI surface and the audit use), {@code Retry-After}, and Anthropic's error JSON. Nothing
 * reaches the client as a stack trace; a client that went away is not answered.
 */
final class ErrorAnswers {
    private static final Logger LOG = LoggerFactory.getLogger(AnthropicMessagesApi.class);

    private ErrorAnswers() {
    }

    static Handler guarded(Handler handler) {
        return (req, res) -> {
            try {
                handler.handle(req, res);
            } catch (BridgeException e) {
                sendUnlessSent(res, e);
            } catch (UncheckedIOException | ServerConnectionException e) {
                LOG.debug("I/O with the client failed: {}", e.toString());
                if (e instanceof ServerConnectionException gone) {
                    throw gone; // Helidon then closes the connection instead of answering nobody
                }
            } catch (RuntimeException e) {
                LOG.error("Unexpected failure on {} {}", req.prologue().method().text(), req.prologue().uriPath().path(), e);
                sendUnlessSent(res, BridgeException.unexpected());
            } catch (OutOfMemoryError e) {
                sendUnlessSent(res, outOfMemory());
            }
        };
    }

    /** Too many large bodies at once for the heap; this request's memory is garbage once it unwinds. */
    static BridgeException outOfMemory() {
        LOG.warn("Out of heap memory on the Messages API (large request bodies at once? raise -Xmx)");
        return BridgeException.of(ErrorKind.UNAVAILABLE, "The gateway is short of memory for this request right now; retry shortly.")
                .code("gateway_out_of_memory").retryAfter("1").build();
    }

    static void methodNotAllowed(ServerRequest req, ServerResponse res) {
        res.status(405);
        MessagesJson.send(res, AnthropicErrors.json("invalid_request_error", "Method "
                + ClientText.name(req.prologue().method().text()) + " is not allowed on "
                + ClientText.name(req.prologue().uriPath().path()) + "."));
    }

    private static void sendUnlessSent(ServerResponse res, BridgeException error) {
        if (res.isSent()) {
            return;
        }
        if (error.retryAfter() != null) {
            res.header(HeaderNames.RETRY_AFTER, error.retryAfter());
        }
        res.status(OpenAiErrors.httpStatus(error));
        MessagesJson.send(res, AnthropicErrors.json(error));
    }
}
