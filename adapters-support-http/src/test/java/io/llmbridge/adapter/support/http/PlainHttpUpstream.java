package io.llmbridge.adapter.support.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream written on a bare socket, for what MockServer does not show: how many connections
 * the client opened, and a server that closes a keep-alive connection after answering without
 * saying so ({@code Connection: close}), as servers do when their idle timeout is over.
 */
final class PlainHttpUpstream implements AutoCloseable {
    private final ServerSocket server;
    private final boolean closeAfterAnswer;
    private final AtomicInteger connections = new AtomicInteger();

    PlainHttpUpstream(boolean closeAfterAnswer) {
        this.closeAfterAnswer = closeAfterAnswer;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().start(this::accept);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1/ping");
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            while (readRequest(in)) {
                out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\npong"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (closeAfterAnswer) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** Reads one request's head and body; false at the end of the connection. */
    private static boolean readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int contentLength = 0;
        boolean any = false;
        int b;
        while ((b = in.read()) >= 0) {
            any = true;
            if (b != '\n') {
                if (b != '\r') {
                    line.write(b);
                }
                continue;
            }
            String header = line.toString(StandardCharsets.US_ASCII);
            line.reset();
            if (header.isEmpty()) {
                in.readNBytes(contentLength);
                return true;
            }
            if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                contentLength = Integer.parseInt(header.substring("content-length:".length()).strip());
            }
        }
        if (any) {
            throw new IOException("the request ended early");
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
