package io.llmbridge.application.port.out.provider;

import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.RelayedAnswer;
import io.llmbridge.domain.RelayedRequest;

import java.time.Duration;

/**
 * What a provider whose upstream speaks OpenAI's Responses API offers besides {@link ChatProvider}:
 * a Responses request relayed byte for byte ({@code model} rewritten), its answer or event stream
 * passed back unchanged, so built-in tools, stored responses ({@code previous_response_id}) and
 * fields the translation onto chat completions cannot carry keep working. Failures follow the
 * contract of {@link ChatProvider}.
 */
public interface ResponsesPassThrough {
    /** Whether this provider's upstream speaks the Responses API (configured); false to translate onto chat. */
    boolean speaksResponses();

    /**
     * Posts the client's body with {@code model} replaced by {@code route.upstreamModel()} to the
     * upstream's {@code /responses}.
     *
     * @param timeout how long a whole answer may take; a stream's first and each next event may take the route's timeout
     */
    RelayedAnswer relayResponses(ModelRoute route, RelayedRequest request, Duration timeout);
}
