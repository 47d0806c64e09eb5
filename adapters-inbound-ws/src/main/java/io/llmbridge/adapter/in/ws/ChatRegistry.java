package io.llmbridge.adapter.in.ws;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The chats of one connection. Chats with an id run at once, each on its own virtual thread;
 * chats without one run one after another in the order sent, as the original service answered
 * them, since their frames carry nothing to tell two chats apart.
 */
final class ChatRegistry {
    private static final Executor THREADS = task -> Thread.ofVirtual().name("ws-chat").start(task);

    private final int maxChats;
    private final Set<ChatRun> chats = new HashSet<>();
    private final Map<Object, ChatRun> byId = new HashMap<>();
    private CompletableFuture<Void> originalQueue = CompletableFuture.completedFuture(null);
    private boolean closed;

    ChatRegistry(int maxChats) {
        this.maxChats = maxChats;
    }

    synchronized boolean isRunning(Object id) {
        return byId.containsKey(id);
    }

    synchronized boolean isBusy() {
        return !chats.isEmpty();
    }

    /**
     * Starts a chat, or queues it behind the earlier chats without an id.
     *
     * @return false when the connection already has its most chats, running or waiting
     */
    synchronized boolean start(ChatRun chat) {
        if (closed) {
            return true; // the socket is gone: there is nothing to run and nobody to refuse
        }
        if (chats.size() >= maxChats) {
            return false;
        }
        chats.add(chat);
        if (chat.id() == null) {
            // exceptionally: a chat that died of an Error must not stall the ones queued behind it.
            originalQueue = originalQueue.exceptionally(e -> null).thenRunAsync(chat, THREADS);
        } else {
            byId.put(chat.id(), chat);
            THREADS.execute(chat);
        }
        return true;
    }

    synchronized void ended(ChatRun chat) {
        chats.remove(chat);
        if (chat.id() != null) {
            byId.remove(chat.id(), chat);
        }
    }

    /** Cancels the chat with that id; an unknown id is one that has already ended, so nothing is done. */
    void cancel(Object id) {
        ChatRun chat;
        synchronized (this) {
            chat = byId.get(id);
        }
        if (chat != null) {
            chat.cancel();
        }
    }

    /** The socket is gone: every chat stops, and no new one starts. */
    void cancelAll() {
        List<ChatRun> running;
        synchronized (this) {
            closed = true;
            running = List.copyOf(chats);
        }
        running.forEach(ChatRun::cancel);
    }
}
