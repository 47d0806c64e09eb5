package io.llmbridge.adapter.in.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ErrorKind;
import jakarta.json.JsonException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads a request's JSON body, within the size limit. */
final class RequestReading {
    private RequestReading() {
    }

    static ChatRequest chatRequest(ServerRequest request, long maxBodyBytes) {
        byte[] body = body(request, maxBodyBytes);
        try {
            return ChatRequest.from(PlainJson.parseObject(body));
        } catch (PlainJson.NotAnObjectException e) {
            throw BridgeException.invalidRequest(null, "The request body must be a JSON object, not " + e.jsonType() + ".");
        } catch (JsonException e) {
            throw BridgeException.invalidRequest(null, "We could not parse the JSON body of your request: " + e.getMessage());
        }
    }

    private static byte[] body(ServerRequest request, long maxBodyBytes) {
        var declared = request.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > maxBodyBytes) {
            throw tooLarge(maxBodyBytes);
        }
        // Ask for exactly the declared length when it is the length of what is read (not encoded):
        // asking for more makes readNBytes and Helidon's entity stream each allocate a 16 KiB
        // buffer per read, for a body of a few hundred bytes. Otherwise one byte over the limit tells.
        boolean exact = declared.isPresent() && !request.headers().contains(HeaderNames.CONTENT_ENCODING);
        long wanted = exact ? declared.getAsLong() : maxBodyBytes + 1;
        try (InputStream in = request.content().inputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, wanted));
            if (body.length > maxBodyBytes) {
                throw tooLarge(maxBodyBytes);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BridgeException tooLarge(long maxBodyBytes) {
        return BridgeException.of(ErrorKind.PAYLOAD_TOO_LARGE,
                "The request body is larger than this gateway accepts (" + maxBodyBytes + " bytes).")
                .code("request_too_large").build();
    }
}
