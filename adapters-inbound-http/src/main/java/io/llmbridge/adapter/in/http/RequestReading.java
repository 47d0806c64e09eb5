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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;

/** Reads what a request carries: its access key and its JSON body, within limits. */
final class RequestReading {
    private static final String BEARER = "bearer ";

    private RequestReading() {
    }

    /** The key from {@code Authorization: Bearer <key>} (any case of the scheme); null when absent. */
    static String accessKey(ServerRequest request) {
        String header = request.headers().first(HeaderNames.AUTHORIZATION).orElse(null);
        if (header == null) {
            return null;
        }
        String value = header.strip();
        if (value.length() > BEARER.length() && value.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return value.substring(BEARER.length()).strip();
        }
        return null;
    }

    /** The client's address: the peer that connected, or whom it forwards for when it is a trusted proxy. */
    static String clientIp(ServerRequest request, TrustedProxies trustedProxies) {
        InetAddress peer = request.remotePeer().address() instanceof InetSocketAddress inet ? inet.getAddress() : null;
        return trustedProxies.clientIp(peer, request.headers().all(HeaderNames.X_FORWARDED_FOR, List::of));
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
        try (InputStream in = request.content().inputStream()) {
            if (declared.isPresent() && declared.getAsLong() < Integer.MAX_VALUE - 8
                    && !request.headers().contains(HeaderNames.CONTENT_ENCODING)) {
                // One exact-size read: asking for more makes readNBytes and Helidon's entity
                // stream each allocate a 16 KiB buffer per read, for a body of a few hundred bytes.
                return in.readNBytes((int) declared.getAsLong());
            }
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
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
