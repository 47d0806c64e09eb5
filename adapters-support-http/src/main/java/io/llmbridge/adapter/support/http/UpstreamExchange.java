package io.llmbridge.adapter.support.http;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.ClientResponseHeaders;
import io.helidon.webclient.api.HttpClientResponse;
import io.llmbridge.application.port.out.provider.ProviderSettings;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ModelRoute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * How a provider adapter talks to its upstream: JSON bodies posted over pooled keep-alive
 * connections, every wait bounded by a {@link Deadline}, bodies read whatever their framing and
 * within the provider's {@value UpstreamBody#MAX_SIZE_OPTION}, and every failure reported through
 * the adapter's {@link ProviderFailures}.
 */
public final class UpstreamExchange {
    private static final Header ACCEPT_JSON = HeaderValues.create(HeaderNames.ACCEPT, "application/json");
    private static final Header ACCEPT_SSE = HeaderValues.create(HeaderNames.ACCEPT, "text/event-stream");

    private final UpstreamClient client;
    private final ProviderFailures failures;
    private final List<Header> headers;
    private final long maxResponseSize;

    /**
     * @param upstream any URL on the upstream (scheme, host and port are what count)
     * @param headers  sent with every call, e.g. the API key's
     */
    public UpstreamExchange(ProviderSettings settings, URI upstream, ProviderFailures failures, List<Header> headers) {
        this.client = UpstreamClients.create(settings.network(), upstream);
        this.failures = failures;
        this.headers = List.copyOf(headers);
        this.maxResponseSize = UpstreamBody.maxSize(settings.options());
    }

    /** What a non-streamed answer's body becomes. */
    @FunctionalInterface
    public interface Answer<T> {
        T read(byte[] body, ClientResponseHeaders headers);
    }

    /**
     * Posts {@code body} and reads the whole answer, all of it within {@code timeout}, however
     * slowly the upstream drips (one shared timer interrupts the call).
     */
    public <T> T complete(URI uri, ModelRoute route, byte[] body, Duration timeout, Answer<T> answer) {
        return complete(uri, route, body, timeout, List.of(), answer);
    }

    /** As {@link #complete(URI, ModelRoute, byte[], Duration, Answer)}, with headers of this call's own (they replace defaults of the same name). */
    public <T> T complete(URI uri, ModelRoute route, byte[] body, Duration timeout, List<Header> callHeaders, Answer<T> answer) {
        long start = System.nanoTime();
        try {
            return Deadline.call(timeout, () -> exchange(uri, route, body, timeout, callHeaders, answer));
        } catch (TimeoutException e) {
            throw failures.timeout(route, e);
        } catch (BridgeException e) {
            // The deadline interrupts the read, which may surface as a broken connection first.
            boolean interrupted = Thread.interrupted();
            if (e.upstreamStatus() == null && (interrupted || System.nanoTime() - start >= timeout.toNanos())) {
                throw failures.timeout(route, e);
            }
            throw e;
        }
    }

    private <T> T exchange(URI uri, ModelRoute route, byte[] body, Duration timeout, List<Header> callHeaders, Answer<T> answer) {
        try (HttpClientResponse response = post(uri, body, timeout, ACCEPT_JSON, callHeaders)) {
            if (response.status().code() != 200) {
                throw failures.fromResponse(response);
            }
            return answer.read(read(response), response.headers());
        } catch (RuntimeException e) {
            throw failures.translate(route, e);
        }
    }

    /**
     * Posts {@code body} and opens the answer's event stream; its status and headers may take the
     * route's timeout. Read it with {@link UpstreamEvents}.
     */
    public UpstreamEvents stream(URI uri, ModelRoute route, byte[] body) {
        try {
            return new UpstreamEvents(Deadline.call(route.timeout(), () -> open(uri, route, body, List.of())), route, failures);
        } catch (TimeoutException e) {
            throw failures.timeout(route, e);
        }
    }

    /**
     * As {@link #stream}, for an answer relayed byte for byte: with headers of this call's own
     * (they replace defaults of the same name), and every byte read kept for
     * {@link UpstreamEvents#takeRead()}.
     */
    public UpstreamEvents relayStream(URI uri, ModelRoute route, byte[] body, List<Header> callHeaders) {
        try {
            return UpstreamEvents.relayed(Deadline.call(route.timeout(), () -> open(uri, route, body, callHeaders)), route,
                    failures);
        } catch (TimeoutException e) {
            throw failures.timeout(route, e);
        }
    }

    private HttpClientResponse open(URI uri, ModelRoute route, byte[] body, List<Header> callHeaders) {
        HttpClientResponse response;
        try {
            response = post(uri, body, route.timeout(), ACCEPT_SSE, callHeaders);
        } catch (RuntimeException e) {
            throw failures.translate(route, e);
        }
        if (response.status().code() != 200) {
            try (response) {
                throw failures.fromResponse(response);
            }
        }
        return response;
    }

    /** The upstream's status and headers; the caller bounds the wait (see {@link UpstreamClient}). */
    private HttpClientResponse post(URI uri, byte[] body, Duration readLimit, Header accept, List<Header> callHeaders) {
        return client.post(uri, body, readLimit, post -> {
            post.header(accept).header(HeaderValues.CONTENT_TYPE_JSON);
            headers.forEach(post::header);
            callHeaders.forEach(post::header);
        });
    }

    private byte[] read(HttpClientResponse response) {
        try {
            return UpstreamBody.read(response, maxResponseSize);
        } catch (UpstreamBody.TooLarge e) {
            throw failures.invalidResponse(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
