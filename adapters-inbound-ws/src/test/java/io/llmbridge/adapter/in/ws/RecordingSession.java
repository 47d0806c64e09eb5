package io.llmbridge.adapter.in.ws;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.socket.SocketContext;
import io.helidon.websocket.WsSession;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** A session that records what is sent through it as text ("ping", "close 1000 reason"…), or fails every send. */
final class RecordingSession implements WsSession {
    private final BlockingQueue<String> sent = new LinkedBlockingQueue<>();
    private volatile boolean failing;

    /** From now on every send fails, as on a connection the client dropped. */
    void breakConnection() {
        failing = true;
    }

    /** The next thing sent, waiting for it with generous patience. */
    String next() {
        return Patience.next(sent, "frame");
    }

    boolean nothingSent() {
        return sent.isEmpty();
    }

    private WsSession record(String what) {
        if (failing) {
            throw new IllegalStateException("connection reset");
        }
        sent.add(what);
        return this;
    }

    @Override
    public WsSession send(String text, boolean last) {
        return record(text);
    }

    @Override
    public WsSession send(BufferData bufferData, boolean last) {
        return record("binary");
    }

    @Override
    public WsSession ping(BufferData bufferData) {
        return record("ping");
    }

    @Override
    public WsSession pong(BufferData bufferData) {
        return record("pong " + bufferData.readString(bufferData.available()));
    }

    @Override
    public WsSession close(int code, String reason) {
        return record("close " + code + " " + reason);
    }

    @Override
    public WsSession terminate() {
        return record("terminate");
    }

    @Override
    public SocketContext socketContext() {
        throw new UnsupportedOperationException();
    }
}
