package io.llmbridge.adapter.out.openai;

import io.llmbridge.adapter.support.http.UpstreamEvents;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatStream;

import java.util.Optional;

/**
 * Reads an upstream's server-sent events as they arrive, passing each chunk's JSON on as it came.
 * When the gateway asked for usage on its own, the usage-only chunk is marked as not for the client.
 */
final class SseChatStream implements ChatStream {
    private static final String DONE = "[DONE]";

    private final UpstreamEvents events;
    private final OpenAiFailures failures;
    private final String upstreamRequestId;
    private final boolean usageChunkIsOurs;
    /** The chunks' id, kept from the first chunk that has one. */
    private String responseId;
    private boolean ended;
    private boolean finished;
    private boolean done;

    /**
     * @param usageChunkIsOurs true when the gateway, not the client, asked for the usage chunk
     */
    SseChatStream(UpstreamEvents events, OpenAiFailures failures, String upstreamRequestId, boolean usageChunkIsOurs) {
        this.events = events;
        this.failures = failures;
        this.upstreamRequestId = upstreamRequestId;
        this.usageChunkIsOurs = usageChunkIsOurs;
    }

    @Override
    public Optional<ChatChunk> next() {
        if (ended) {
            return Optional.empty();
        }
        String data;
        try {
            data = events.next();
        } catch (RuntimeException e) {
            ended = true;
            throw e;
        }
        if (data != null) {
            if (DONE.equals(data)) {
                ended = true;
                done = true;
                return Optional.empty();
            }
            return Optional.of(chunk(data));
        }
        ended = true;
        if (!finished) {
            throw failures.brokenStream("closed the stream before it finished");
        }
        return Optional.empty();
    }

    @Override
    public boolean nextIsReady() {
        return ended || events.hasBufferedEvent();
    }

    private ChatChunk chunk(String data) {
        AnswerFieldReader.Fields fields;
        try {
            fields = AnswerFieldReader.chunk(data, responseId == null);
        } catch (RuntimeException e) {
            throw failures.brokenStream("sent an event that is not a JSON object");
        }
        if (fields.error()) {
            throw failures.inStream(data);
        }
        if (fields.id() != null) {
            responseId = fields.id();
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
    public String responseId() {
        return responseId;
    }

    /** After [DONE] the connection is given back for the next stream. */
    @Override
    public void close() {
        ended = true;
        events.close(done);
    }
}
