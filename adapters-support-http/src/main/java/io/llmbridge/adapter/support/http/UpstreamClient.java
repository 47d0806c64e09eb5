package io.llmbridge.adapter.support.http;

import io.helidon.webclient.api.ClientConnection;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An HTTP/1.1 client for one upstream (one scheme, host and port), over
 * {@link KeepAliveConnections}. On a virtual thread, which is where the gateway serves requests,
 * its reads have no socket timeout: callers bound every wait for the upstream with
 * {@link Deadline}, which costs a set entry, where a socket timeout costs a timed wait on every
 * read that has to wait (each one wakes the JDK's timer thread). A platform thread's blocked read
 * cannot be cut short by {@link Deadline}, so there each read is limited by a socket timeout.
 */
public final class UpstreamClient {
    private final Http1Client client;
    private final KeepAliveConnections connections;
    private final URI origin;

    UpstreamClient(Http1Client client, KeepAliveConnections connections, URI origin) {
        this.client = client;
        this.connections = connections;
        this.origin = origin;
    }

    /**
     * Sends {@code body} to {@code uri}, with the headers {@code request} adds.
     *
     * @param readLimit how long each read may wait when the caller is a platform thread
     * @throws IllegalArgumentException when {@code uri} is not on this client's upstream
     */
    public HttpClientResponse post(URI uri, byte[] body, Duration readLimit, Consumer<Http1ClientRequest> request) {
        if (!sameOrigin(uri)) {
            // host names only: a URL may carry credentials
            throw new IllegalArgumentException("this client calls " + origin.getHost() + ", not " + uri.getHost());
        }
        ClientConnection connection = connections.take();
        try {
            Http1ClientRequest post = client.post().uri(uri).connection(connection)
                    .readTimeout(Thread.currentThread().isVirtual() ? Duration.ZERO : readLimit);
            ContextHeaders.addTo(post);
            request.accept(post);
            return post.submit(body);
        } catch (RuntimeException e) {
            connection.closeResource(); // a connection that failed mid-call is not used again
            throw e;
        }
    }

    /** For tests: idle connections kept for the next calls and not known to be closed. */
    int idleConnections() {
        return connections.idleOpen();
    }

    private boolean sameOrigin(URI uri) {
        return uri.getPort() == origin.getPort() && Objects.equals(uri.getHost(), origin.getHost())
                && origin.getScheme().equalsIgnoreCase(uri.getScheme());
    }
}
