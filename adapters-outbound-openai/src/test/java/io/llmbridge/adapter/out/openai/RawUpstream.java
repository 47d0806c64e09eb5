package io.llmbridge.adapter.out.openai;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bare HTTP/1.1 upstream for what MockServer cannot show: how many connections a client opens,
 * and the moment a client closes one in the middle of a stream.
 */
final class RawUpstream implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    final CountDownLatch clientClosedMidStream = new CountDownLatch(1);
    private final boolean stallAfterFirstChunk;

    RawUpstream(boolean stallAfterFirstChunk) throws IOException {
        this.stallAfterFirstChunk = stallAfterFirstChunk;
        this.server = new ServerSocket(0);
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
            while (true) {
                int length = readHead(reader);
                if (length < 0) {
                    return;
                }
                reader.skip(length);
                if (stallAfterFirstChunk) {
                    String chunk = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":null}]}\n\n";
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    // The client has what it needs; the next thing it does must be to hang up.
                    if (reader.read() == -1) {
                        clientClosedMidStream.countDown();
                    }
                    return;
                }
                String body = "{\"choices\":[]}";
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                        + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        } catch (IOException e) {
            clientClosedMidStream.countDown();
        }
    }

    /** Reads a request head; returns its Content-Length, or -1 when the client closed the connection. */
    private static int readHead(BufferedReader reader) throws IOException {
        String line = reader.readLine();
        if (line == null) {
            return -1;
        }
        int length = 0;
        while ((line = reader.readLine()) != null && !line.isEmpty()) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        return length;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
