package io.llmbridge.adapter.in.anthropic;

import io.helidon.webserver.http.ServerRequest;
import io.llmbridge.adapter.support.http.Deadline;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ErrorKind;
import jakarta.json.JsonException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Reads a request body as a JSON object within the gateway's limits: {@code max_body_size} (413
 * past it) and the time a body may take to arrive (the shared {@link Deadline} watcher closes a
 * trickling client's connection). The OpenAI surface also holds a heap budget for large bodies;
 * that class is its adapter's own, so this surface goes without it for now.
 *
 * @param maxBytes    the largest body accepted
 * @param readTimeout how long a body may take to arrive
 */
record BodyReading(long maxBytes, Duration readTimeout) {
    Map<String, Object> readObject(ServerRequest request) {
        return parse(read(request));
    }

    /** The body's bytes as they came, within the limits. */
    byte[] read(ServerRequest request) {
        var declared = request.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > maxBytes) {
            throw tooLarge();
        }
        byte[] body;
        try (InputStream in = request.content().inputStream()) {
            int wanted = (int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1);
            body = Deadline.read(readTimeout, () -> in.readNBytes(wanted));
        } catch (TimeoutException e) {
            throw BridgeException.of(ErrorKind.INVALID_REQUEST, "The request body did not arrive within "
                    + readTimeout.toMillis() / 1000.0 + " seconds.").code("request_body_timeout").cause(e).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (body.length > maxBytes) {
            throw tooLarge();
        }
        return body;
    }

    /** @throws BridgeException 400 for a body that is not a JSON object */
    static Map<String, Object> parse(byte[] body) {
        try {
            return PlainJson.parseObject(body);
        } catch (PlainJson.NotAnObjectException e) {
            throw BridgeException.invalidRequest(null, "The request body must be a JSON object, not " + e.jsonType() + ".");
        } catch (JsonException e) {
            throw BridgeException.invalidRequest(null, "We could not parse the JSON body of your request: " + e.getMessage());
        }
    }

    private BridgeException tooLarge() {
        return BridgeException.of(ErrorKind.PAYLOAD_TOO_LARGE,
                "The request body is larger than this gateway accepts (" + maxBytes + " bytes).").code("request_too_large").build();
    }
}
