package io.llmbridge.adapter.out.gemini;

import io.helidon.webclient.api.HttpClientResponse;
import io.llmbridge.adapter.support.http.Deadline;
import io.llmbridge.adapter.support.http.UpstreamBody;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ModelRoute;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/** Pulls Gemini's events off the open connection one at a time and hands out their chunks. */
final class GeminiSseStream implements ChatStream {
    private final HttpClientResponse response;
    private final SseEvents events;
    private final StreamTranslator translator;
    private final ModelRoute route;
    private final GeminiFailures failures;
    private final Deque<ChatChunk> pending = new ArrayDeque<>();
    private boolean ended;

    GeminiSseStream(HttpClientResponse response, StreamTranslator translator, ModelRoute route, GeminiFailures failures) {
        this.response = response;
        this.events = new SseEvents(UpstreamBody.of(response));
        this.translator = translator;
        this.route = route;
        this.failures = failures;
    }

    @Override
    public Optional<ChatChunk> next() {
        while (pending.isEmpty() && !ended) {
            try {
                String data = nextEventData();
                if (data == null) {
                    ended = true;
                    pending.addAll(translator.onEnd());
                } else {
                    pending.addAll(translator.onEvent(event(data)));
                }
            } catch (RuntimeException e) {
                throw fail(failures.translate(route, e));
            }
        }
        return Optional.ofNullable(pending.poll());
    }

    /** Waiting for the next event may take the model's timeout, as waiting for the first did. */
    private String nextEventData() {
        try {
            return Deadline.read(route.timeout(), events::next);
        } catch (TimeoutException e) {
            throw failures.timeout(route, e);
        }
    }

    private Map<String, Object> event(String data) {
        Map<String, Object> event;
        try {
            event = PlainJson.parseObject(data);
        } catch (RuntimeException e) {
            throw failures.brokenStream("sent an event that is not a JSON object");
        }
        if (event.get("error") != null) {
            throw failures.inStream(event);
        }
        return event;
    }

    /** Gemini names each answer in its body ({@code responseId}), not in a response header. */
    @Override
    public String upstreamRequestId() {
        return translator.responseId();
    }

    /** After a failure the stream is over: what was pending is not handed out. */
    private RuntimeException fail(RuntimeException failure) {
        ended = true;
        pending.clear();
        return failure;
    }

    @Override
    public void close() {
        ended = true;
        pending.clear();
        response.close();
    }
}
