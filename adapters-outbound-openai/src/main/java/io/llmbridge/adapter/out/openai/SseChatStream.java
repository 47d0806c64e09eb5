package io.llmbridge.adapter.out.openai;

import io.helidon.webclient.api.HttpClientResponse;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.ChatStream;
import io.llmbridge.domain.ModelRoute;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an upstream's server-sent events as they arrive. Follows the SSE rules a real upstream
 * may use: comment lines, {@code event:} lines, {@code data:} with or without a space, several
 * {@code data:} lines per event, LF, CR or CRLF line ends. When the gateway asked for usage on
 * its own, the usage-only chunk is marked as not for the client.
 */
final class SseChatStream implements ChatStream {
    private static final String DONE = "[DONE]";

    private final HttpClientResponse response;
    private final BufferedReader reader;
    private final ModelRoute route;
    private final UpstreamFailures failures;
    private final String upstreamRequestId;
    private final boolean usageChunkIsOurs;
    private boolean ended;
    private boolean finished;

    /**
     * @param usageChunkIsOurs true when the gateway, not the client, asked for the usage chunk
     */
    SseChatStream(HttpClientResponse response, ModelRoute route, UpstreamFailures failures, String upstreamRequestId,
                  boolean usageChunkIsOurs) {
        this.upstreamRequestId = upstreamRequestId;
        this.usageChunkIsOurs = usageChunkIsOurs;
        this.response = response;
        this.reader = new BufferedReader(new InputStreamReader(response.inputStream(), StandardCharsets.UTF_8), 16 * 1024);
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

    /** The data of the next event that has some; null at the end of the stream. */
    private String nextEventData() throws IOException {
        StringBuilder multiLine = null;
        String single = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (multiLine != null) {
                    return multiLine.toString();
                }
                if (single != null) {
                    return single;
                }
                continue;
            }
            if (!line.startsWith("data:")) {
                continue; // comments (":"), event:, id:, retry: carry nothing a chat client needs
            }
            String value = line.length() > 5 && line.charAt(5) == ' ' ? line.substring(6) : line.substring(5);
            if (single == null) {
                single = value;
            } else {
                if (multiLine == null) {
                    multiLine = new StringBuilder(single);
                }
                multiLine.append('\n').append(value);
            }
        }
        return multiLine != null ? multiLine.toString() : single;
    }

    private ChatChunk chunk(String data) {
        Map<String, Object> object;
        try {
            object = PlainJson.parseObject(data);
        } catch (RuntimeException e) {
            throw failures.brokenStream("sent an event that is not a JSON object");
        }
        if (object.containsKey("error")) {
            throw failures.inStream(data);
        }
        String finishReason = OpenAiJson.finishReason(object);
        if (finishReason != null) {
            finished = true;
        }
        // An event spread over several data: lines is re-written on one line for the client.
        String json = data.indexOf('\n') >= 0 || data.indexOf('\r') >= 0 ? PlainJson.write(object) : data;
        ChatChunk chunk = new ChatChunk(json, OpenAiJson.contentDelta(object), finishReason, OpenAiJson.usage(object),
                OpenAiJson.reasoningDelta(object), OpenAiJson.toolCallDelta(object), true);
        return usageChunkIsOurs && OpenAiJson.isUsageOnly(object) ? chunk.notForClient() : chunk;
    }

    @Override
    public String upstreamRequestId() {
        return upstreamRequestId;
    }

    @Override
    public void close() {
        ended = true;
        response.close();
    }
}
