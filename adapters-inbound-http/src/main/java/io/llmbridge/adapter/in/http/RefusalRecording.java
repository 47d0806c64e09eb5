package io.llmbridge.adapter.in.http;

import io.helidon.webserver.http.ServerRequest;
import io.llmbridge.domain.BridgeException;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a step that may refuse a request before its use case sees it (reading the body, parsing
 * it), and has the refusal recorded, so that it is audited and counted like any other request.
 */
final class RefusalRecording {
    private RefusalRecording() {
    }

    static <T> T run(ServerRequest req, Consumer<BridgeException> recorder, Supplier<T> step) {
        try {
            return step.get();
        } catch (BridgeException e) {
            recorder.accept(e);
            throw e;
        } catch (OutOfMemoryError e) {
            BridgeException refusal = ErrorResponses.outOfMemory(req);
            recorder.accept(refusal);
            throw refusal;
        }
    }
}
