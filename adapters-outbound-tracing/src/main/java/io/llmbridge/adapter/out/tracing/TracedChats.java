package io.llmbridge.adapter.out.tracing;

import io.llmbridge.application.port.in.ChatCommand;
import io.llmbridge.application.port.in.ChatCompletionUseCase;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.RequestContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import java.util.Optional;

/**
 * A server span per chat of a transport that has no request of its own per chat (the
 * WebSocket: one upgrade, many chats). The span is current while the chat is opened and while
 * its stream is closed (when it is recorded), and ends with the stream.
 */
final class TracedChats implements ChatCompletionUseCase {
    private final ChatCompletionUseCase chats;
    private final Tracer tracer;
    private final String name;

    TracedChats(ChatCompletionUseCase chats, Tracer tracer, String name) {
        this.chats = chats;
        this.tracer = tracer;
        this.name = name;
    }

    @Override
    public ChatResponse complete(ChatCommand command) {
        RequestSpan request = start();
        try (Scope ignored = request.makeCurrent()) {
            return chats.complete(command);
        } finally {
            request.end(0);
        }
    }

    @Override
    public ChatStream stream(ChatCommand command) {
        RequestSpan request = start();
        try (Scope ignored = request.makeCurrent()) {
            return new SpannedStream(chats.stream(command), request);
        } catch (RuntimeException | Error e) {
            request.end(0);
            throw e;
        }
    }

    @Override
    public void refused(Caller caller, RequestContext context, BridgeException error) {
        chats.refused(caller, context, error);
    }

    private RequestSpan start() {
        return RequestSpan.start(tracer.spanBuilder(name), Context.root());
    }

    private record SpannedStream(ChatStream stream, RequestSpan request) implements ChatStream {
        @Override
        public Optional<ChatChunk> next() {
            return stream.next();
        }

        @Override
        public boolean nextIsReady() {
            return stream.nextIsReady();
        }

        @Override
        public String upstreamRequestId() {
            return stream.upstreamRequestId();
        }

        @Override
        public String responseId() {
            return stream.responseId();
        }

        @Override
        public String answeredBy() {
            return stream.answeredBy();
        }

        @Override
        public void stop(BridgeException reason) {
            try (Scope ignored = request.makeCurrent()) {
                stream.stop(reason);
            } finally {
                request.end(0);
            }
        }

        @Override
        public void close() {
            try (Scope ignored = request.makeCurrent()) {
                stream.close();
            } finally {
                request.end(0);
            }
        }
    }
}
