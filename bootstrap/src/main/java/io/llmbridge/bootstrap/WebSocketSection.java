package io.llmbridge.bootstrap;

import io.llmbridge.adapter.in.ws.WebSocketSettings;

import java.util.Set;
import java.util.function.Consumer;

/** {@code server.websocket}: the limits of {@code /v1/ws}. */
final class WebSocketSection {
    private static final Set<String> KEYS = Set.of("max_frame_size", "max_concurrent_chats", "idle_timeout", "allowed_origins");
    /** More chats than this on one connection is a typo, not a plan. */
    private static final long MAX_CONCURRENT_CHATS = 10_000;

    private WebSocketSection() {
    }

    static WebSocketSettings read(ConfigNode node, Consumer<String> warnings) {
        node.warnUnknown(KEYS, warnings);
        ConfigNode maxFrame = node.get("max_frame_size");
        long maxFrameBytes = maxFrame.positiveLong((long) WebSocketSettings.DEFAULT_MAX_MESSAGE_BYTES);
        if (maxFrameBytes > WebSocketSettings.MAX_MESSAGE_BYTES_LIMIT) {
            throw maxFrame.problem("must be at most " + WebSocketSettings.MAX_MESSAGE_BYTES_LIMIT + " bytes");
        }
        ConfigNode maxChats = node.get("max_concurrent_chats");
        long maxConcurrentChats = maxChats.positiveLong((long) WebSocketSettings.DEFAULT_MAX_CONCURRENT_CHATS);
        if (maxConcurrentChats > MAX_CONCURRENT_CHATS) {
            throw maxChats.problem("must be at most " + MAX_CONCURRENT_CHATS);
        }
        return new WebSocketSettings((int) maxFrameBytes, (int) maxConcurrentChats,
                node.get("idle_timeout").seconds(WebSocketSettings.DEFAULT_IDLE_TIMEOUT), node.get("allowed_origins").strings());
    }
}
