package io.llmbridge.application.service;

import io.llmbridge.application.port.out.QuotaGate;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.Prices;
import io.llmbridge.domain.Usage;
import io.llmbridge.domain.quota.QuotaTicket;

import java.math.BigDecimal;

/** An admitted request's quotas, settled once with what it really used, whichever way it ended. */
final class QuotaHold {
    static final QuotaHold NONE = new QuotaHold(null, null, Prices.NONE);

    private final QuotaGate gate;
    private final QuotaTicket ticket;
    private final Prices prices;

    QuotaHold(QuotaGate gate, QuotaTicket ticket, Prices prices) {
        this.gate = gate;
        this.ticket = ticket;
        this.prices = prices;
    }

    /**
     * @param usage what the request used, reported or estimated; null when nothing is charged (an
     *              upstream that refused before generating, or no call made)
     * @param model the model that answered, or was called last, for the cost
     */
    void settle(Usage usage, ModelRef model) {
        if (ticket == null) {
            return;
        }
        long tokens = usage == null ? 0 : usage.totalTokens() != null ? usage.totalTokens()
                : orZero(usage.promptTokens()) + orZero(usage.completionTokens());
        BigDecimal cost = usage == null || model == null ? BigDecimal.ZERO : prices.cost(model, usage).orElse(null);
        gate.settle(ticket, tokens, cost);
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
