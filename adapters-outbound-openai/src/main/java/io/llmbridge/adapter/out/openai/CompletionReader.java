package io.llmbridge.adapter.out.openai;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatResponse;
import io.llmbridge.domain.ErrorKind;

/** A non-streamed upstream answer: passed on as it came, read for accounting. */
final class CompletionReader {
    private CompletionReader() {
    }

    static ChatResponse read(String json, String upstreamRequestId) {
        AnswerFieldReader.Fields completion = fields(json);
        return new ChatResponse(json, completion.usage(), completion.finishReason(), upstreamRequestId, completion.id(),
                completion.generated());
    }

    /** The fields of a whole answer (a completion, or an embeddings list: its usage). */
    static AnswerFieldReader.Fields fields(String json) {
        try {
            return AnswerFieldReader.completion(json);
        } catch (RuntimeException e) {
            throw BridgeException.of(ErrorKind.UPSTREAM_ERROR, "The provider answered with a body that is not a JSON object.")
                    .code("upstream_invalid_response").build();
        }
    }
}
