package io.llmbridge.application.service;

import io.llmbridge.application.port.out.TokenCounter;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.GeneratedText;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.Usage;

/**
 * Fills in the usage a provider did not report: prompt tokens from the request as it was sent,
 * completion tokens from the text actually delivered. A reported usage always wins, even a
 * partial one: the provider knows what it billed.
 *
 * <p>Nothing thrown while estimating ever leaves here, an {@code Error} included: the request
 * is then recorded without usage, and the client still gets what the upstream answered.
 */
final class UsageEstimator {
    private static final System.Logger LOG = System.getLogger(UsageEstimator.class.getName());

    private final TokenCounter counter;

    /** @param counter null to estimate nothing (usage stays as reported) */
    UsageEstimator(TokenCounter counter) {
        this.counter = counter;
    }

    /** {@code reported} when there is one, else the gateway's count; null when it cannot count. */
    Usage usage(Usage reported, ModelRoute route, ChatRequest sent, GeneratedText delivered) {
        if (reported != null || counter == null) {
            return reported;
        }
        String model = route.upstreamModel();
        try {
            long prompt = counter.promptTokens(model, sent);
            long completion = delivered.isEmpty() ? 0 : counter.completionTokens(model, delivered);
            Long reasoning = delivered.reasoning().isEmpty() ? null
                    : counter.completionTokens(model, new GeneratedText(null, delivered.reasoning(), null));
            return Usage.estimated(prompt, completion, reasoning);
        } catch (OutOfMemoryError e) {
            // No stack trace: writing one needs memory, and the cause is the heap, not this code.
            LOG.log(System.Logger.Level.WARNING, "Out of heap memory estimating the usage of a request to "
                    + route.ref().id() + "; it is recorded without usage");
            return null;
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.WARNING, "Could not estimate the usage of a request to " + route.ref().id()
                    + "; it is recorded without usage", e);
            return null;
        }
    }

    /**
     * The usage of a call that failed before any chunk reached the client: its prompt, estimated,
     * when an upstream may have taken it; null when nothing is charged.
     *
     * @param sent the request the last call sent; null when no call was made
     */
    Usage failedCall(ModelRoute route, ChatRequest sent, BridgeException failure) {
        return sent == null || !promptMayHaveBeenProcessed(failure) ? null : usage(null, route, sent, GeneratedText.NONE);
    }

    /**
     * The charging rule for failed calls. No upstream was reachable (unavailable), or one answered
     * a 4xx status (400, 401, 403, 429, …): it refused the request before generating, and providers
     * bill nothing for that. A server error, a timeout or a broken connection came after the prompt
     * may have been read, so the prompt counts.
     */
    static boolean promptMayHaveBeenProcessed(BridgeException failure) {
        Integer status = failure.upstreamStatus();
        return failure.kind() != ErrorKind.UNAVAILABLE && (status == null || status >= 500);
    }
}
