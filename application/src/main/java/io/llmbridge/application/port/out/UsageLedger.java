package io.llmbridge.application.port.out;

import io.llmbridge.domain.UsageLine;

import java.time.Instant;
import java.util.List;

/**
 * Accumulates usage per access key name × provider × model, fed with every finished request that
 * reached a route. In memory by default; a shared store (for several gateway instances) can
 * implement this port instead.
 */
public interface UsageLedger extends ChatRecorder {
    /** When counting began. */
    Instant since();

    /** Every line, ordered by key name, then model. */
    List<UsageLine> lines();

    /** One key's lines, ordered by model. */
    List<UsageLine> lines(String keyName);
}
