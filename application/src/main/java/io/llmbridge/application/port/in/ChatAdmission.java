package io.llmbridge.application.port.in;

/**
 * Whether the gateway takes a new chat, and the chats it took until they end: what a drain
 * (SIGTERM) refuses and waits for. Inbound adapters ask it before a chat starts and close the pass
 * when the chat has ended, its last byte written.
 */
public interface ChatAdmission {
    /** Admits every chat and ends none: for a gateway that does not drain (tests, embedded use). */
    ChatAdmission ALWAYS = () -> new Pass() {
        @Override
        public void onShutdown(Runnable end) {
        }

        @Override
        public void close() {
        }
    };

    /**
     * @return the chat's pass, to close when it has ended
     * @throws io.llmbridge.domain.BridgeException {@code gateway_draining} (503, {@code Retry-After})
     *                                             once the gateway no longer takes new chats
     */
    Pass admit();

    /** One admitted chat. */
    interface Pass extends AutoCloseable {
        /**
         * How to end this chat cleanly should the gateway shut down before it ends (its grace period
         * is over): run at most once, on another thread. Typically stops the chat's stream with
         * {@link io.llmbridge.domain.BridgeException#gatewayShutdown()}.
         */
        void onShutdown(Runnable end);

        @Override
        void close();
    }
}
