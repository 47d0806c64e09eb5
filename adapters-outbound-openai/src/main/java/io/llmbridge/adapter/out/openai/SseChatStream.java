package io.llmbridge.adapter.out.openai;

import io.helidon.webclient.api.HttpClientResponse;
import io.llmbridge.adapter.support.http.Deadline;
import io.llmbridge.adapter.support.http.UpstreamBody;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ModelRoute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Reads an upstream's server-sent events as they arrive. The SSE rules (comment lines,
 * {@code event:} lines, {@code data:} with or without a space, several {@code data:} lines per
 * event, LF, CR or CRLF line ends) are {@link SseEventReader}'s. When the gateway asked for usage on
 * its own, the usage-only chunk is marked as not for the client.
 */
final class SseChatStream implements ChatStream {
    private static final String DONE = "[DONE]";
    /** How long the end of the body may take to come after [DONE] before the connection is dropped. */
    private static final Duration END_WAIT = Duration.ofSeconds(1);

    private final HttpClientResponse response;
    private final SseEventReader reader;
    private final ModelRoute route;
    private final OpenAiFailures failures;
    private final String upstreamRequestId;
    private final boolean usageChunkIsOurs;
    private boolean ended;
    private boolean finished;
    private boolean done;

    /**
     * @param usageChunkIsOurs true when the gateway, not the client, asked for the usage chunk
     */
    SseChatStream(HttpClientResponse response, ModelRoute route, OpenAiFailures failures, String upstreamRequestId,
                  boolean usageChunkIsOurs) {
        this.upstreamRequestId = upstreamRequestId;
        this.usageChunkIsOurs = usageChunkIsOurs;
        this.response = response;
        this.reader = new SseEventReader(UpstreamBody.of(response));
        this.route = route;
        this.failures = failures;
    }

    @Override
    public Optional<ChatChunk> next() {
        if (ended) {
            return Optional.empty();
        }
        try {
            String data;
            while ((data = nextEventData()) != null) {
                if (DONE.equals(data)) {
                    ended = true;
                    done = true;
                    return Optional.empty();
                }
                return Optional.of(chunk(data));
            }
        } catch (IOException e) {
            ended = true;
            throw failures.translate(route, new UncheckedIOException(e));
        } catch (UncheckedIOException e) {
            ended = true;
            throw failures.translate(route, e);
        }
        ended = true;
        if (!finished) {
            throw failures.brokenStream("closed the stream before it finished");
        }
        return Optional.empty();
    }

    /**
     * The data of the next event that has some; null at the end of the stream. Waiting for it may
     * take the model's timeout, as waiting for the first did.
     */
    private String nextEventData() throws IOException {
        if (reader.hasBufferedEvent()) {
            return reader.nextData();
        }
        try {
            return Deadline.read(route.timeout(), reader::nextData);
        } catch (TimeoutException e) {
            ended = true;
            throw failures.timeout(route, e);
        }
    }

    @Override
    public boolean nextIsReady() {
        return ended || reader.hasBufferedEvent();
    }

    private ChatChunk chunk(String data) {
        AnswerFieldReader.Fields fields;
        try {
            fields = AnswerFieldReader.chunk(data);
        } catch (RuntimeException e) {
            throw failures.brokenStream("sent an event that is not a JSON object");
        }
        if (fields.error()) {
            throw failures.inStream(data);
        }
        if (fields.finishReason() != null) {
            finished = true;
        }
        // An event spread over several data: lines is re-written on one line for the client.
        String json = data.indexOf('\n') >= 0 || data.indexOf('\r') >= 0 ? PlainJson.write(PlainJson.parseObject(data)) : data;
        ChatChunk chunk = new ChatChunk(json, fields.content(), fields.finishReason(), fields.usage(),
                fields.reasoning(), fields.toolCalls(), true);
        return usageChunkIsOurs && fields.usageOnly() ? chunk.notForClient() : chunk;
    }

    @Override
    public String upstreamRequestId() {
        return upstreamRequestId;
    }

    @Override
    public void close() {
        ended = true;
        if (done) {
            readToEnd();
        }
        response.close();
    }

    /**
     * After [DONE] only the end of the body is left (the last, empty chunk). Helidon pools the
     * connection again only when the body was read to its end, so read it: otherwise every stream
     * costs the next one a new connection (TCP and TLS handshakes). The client already has its
     * [DONE] by now; an upstream that keeps the body open loses its connection after a second.
     */
    private void readToEnd() {
        try {
            Deadline.read(END_WAIT, () -> {
                reader.skipToEnd();
                return null;
            });
        } catch (TimeoutException | RuntimeException e) {
            // the connection is closed instead of reused; the stream itself went well
        }
    }
}
