package io.llmbridge.adapter.out.gemini;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An HTTP/1.1 upstream on a bare socket that answers every request with one body in a chosen
 * framing, for what MockServer and the JDK's server do not send: a body that ends when the
 * connection closes ({@code Connection: close}, neither a length nor chunks), as some corporate
 * proxies answer.
 */
final class FramedUpstream implements AutoCloseable {
    enum Framing { LENGTH, CHUNKED, CLOSE }

    private final ServerSocket server;
    private final Framing framing;
    private final String status;
    private final byte[] body;

    /** @param status e.g. {@code 200 OK} */
    FramedUpstream(Framing framing, String status, String body) {
        this.framing = framing;
        this.status = status;
        this.body = body.getBytes(StandardCharsets.UTF_8);
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            while (readRequest(in)) {
                String head = "HTTP/1.1 " + status + "\r\nContent-Type: text/event-stream\r\n" + switch (framing) {
                    case LENGTH -> "Content-Length: " + body.length + "\r\n";
                    case CHUNKED -> "Transfer-Encoding: chunked\r\n";
                    case CLOSE -> "Connection: close\r\n";
                } + "\r\n";
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                if (framing == Framing.CHUNKED) {
                    // One chunk per event's worth of bytes, as a streaming server flushes them.
                    for (int at = 0; at < body.length; at += 200) {
                        int length = Math.min(200, body.length - at);
                        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(body, at, length);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } else {
                    out.write(body);
                }
                out.flush();
                if (framing == Framing.CLOSE) {
                    return; // the end of the body
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
        int b;
        while ((b = in.read()) >= 0) {
            if (b != '\n') {
                line.write(b);
                continue;
            }
            String text = line.toString(StandardCharsets.US_ASCII).strip();
            line.reset();
            if (text.isEmpty()) {
                in.readNBytes(contentLength);
                return true;
            }
            if (text.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                contentLength = Integer.parseInt(text.substring(15).strip());
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
