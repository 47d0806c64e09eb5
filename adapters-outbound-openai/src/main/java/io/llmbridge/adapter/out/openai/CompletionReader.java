package io.llmbridge.adapter.out.openai;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ErrorKind;

import java.util.Map;

/** A non-streamed upstream answer: passed on as it came, read for accounting. */
final class CompletionReader {
    private CompletionReader() {
    }

    static ChatResponse read(String json, String upstreamRequestId) {
        Map<String, Object> completion;
        try {
            completion = PlainJson.parseObject(json);
        } catch (RuntimeException e) {
            throw BridgeException.of(ErrorKind.UPSTREAM_ERROR, "The provider answered with a body that is not a JSON object.")
                    .code("upstream_invalid_response").build();
        }
        return new ChatResponse(json, OpenAiJson.usage(completion), OpenAiJson.finishReason(completion), upstreamRequestId,
                OpenAiJson.messageContent(completion));
    }
}
