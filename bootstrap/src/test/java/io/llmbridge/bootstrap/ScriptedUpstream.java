package io.llmbridge.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * An OpenAI-shaped upstream on a raw socket, driven by the test one event at a time, so a test
 * decides when each chunk goes out and can see the gateway close the connection. MockServer
 * answers whole bodies at once and cannot show either.
 */
final class ScriptedUpstream implements AutoCloseable {
    private final ServerSocket server;
    private final BlockingQueue<Exchange> exchanges = new LinkedBlockingQueue<>();

    ScriptedUpstream() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("scripted-upstream").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** The next chat request the gateway sent; nothing is answered until the test sends. */
    Exchange nextExchange() throws InterruptedException {
        Exchange exchange = exchanges.poll(WsTestClient.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        if (exchange == null) {
            fail("the gateway sent no request upstream within " + WsTestClient.PATIENCE.toSeconds() + " s");
        }
        return exchange;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> answer(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void answer(Socket socket) {
        try {
            skipRequest(socket.getInputStream());
            exchanges.add(new Exchange(socket));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void skipRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("request ended early");
            }
            head.write(b);
        }
        int length = 0;
        for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        in.readNBytes(length);
    }

    /** One streamed answer in progress. */
    static final class Exchange {
        private final Socket socket;
        private boolean answered;

        private Exchange(Socket socket) {
            this.socket = socket;
        }

        /** Sends one SSE event, as one HTTP chunk; the response headers go with the first. */
        void send(String data) throws IOException {
            byte[] event = ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            if (!answered) {
                answered = true;
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
                        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.write((Integer.toHexString(event.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(event);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        void finish() throws IOException {
            send(OpenAiChunks.content("", "stop"));
            send("[DONE]");
            socket.getOutputStream().write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.close();
        }

        /** Waits for the gateway to close this connection; fails the test if it stays open. */
        void awaitClosedByGateway() throws IOException {
            socket.setSoTimeout((int) WsTestClient.PATIENCE.toMillis());
            try {
                if (socket.getInputStream().read() >= 0) {
                    fail("the gateway sent more bytes instead of closing the upstream connection");
                }
            } catch (SocketTimeoutException e) {
                fail("the gateway kept the upstream connection open for " + WsTestClient.PATIENCE.toSeconds() + " s");
            } catch (IOException reset) {
                // a reset is a close too
            } finally {
                socket.close();
            }
        }
    }
}
