package io.llmbridge.adapter.in.ws;

/**
 * Runs an action when a connection has ended, however it ended. Helidon tells a listener of a
 * close frame, but not of a client that vanished without one, nor of its own idle sweep; the
 * connection's thread, though, ends in every case. Helidon gives each connection a virtual thread
 * of its own, so waiting for it costs one more virtual thread.
 */
final class ConnectionEnd {
    private ConnectionEnd() {
    }

    /** @param connection the thread serving the connection (the one that opened the listener) */
    static void whenEnded(Thread connection, Runnable action) {
        if (!connection.isVirtual()) {
            return; // a pooled platform thread outlives its connection: close frames and failed sends must do
        }
        Thread.ofVirtual().name("ws-end-watch").start(() -> {
            try {
                connection.join();
            } catch (InterruptedException e) {
                // nothing interrupts this thread but the JVM going down: act all the same
            }
            action.run();
        });
    }
}
