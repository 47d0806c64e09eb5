package io.llmbridge.application.service;

import io.llmbridge.application.port.out.QuotaGate;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.Prices;
import io.llmbridge.domain.Usage;
import io.llmbridge.domain.quota.Admission;
import io.llmbridge.domain.quota.Headroom;
import io.llmbridge.domain.quota.QuotaDecision;
import io.llmbridge.domain.quota.QuotaRules;
import io.llmbridge.domain.quota.ScopeLimits;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Admits a request against every quota that applies to it, before its upstream call, and hands
 * out the {@link QuotaHold} that settles it when the call ends (docs/limits.md).
 */
public final class Quotas {
    /** No limits anywhere: nothing is admitted, nothing settled, no header sent. */
    public static final Quotas NONE = new Quotas(null, QuotaRules.NONE, Prices.NONE);

    private static final System.Logger LOG = System.getLogger(Quotas.class.getName());

    private final QuotaGate gate;
    private final QuotaRules rules;
    private final Prices prices;

    public Quotas(QuotaGate gate, QuotaRules rules, Prices prices) {
        this.gate = gate;
        this.rules = Objects.requireNonNull(rules, "rules");
        this.prices = Objects.requireNonNull(prices, "prices");
        if (gate == null && !rules.none()) {
            throw new IllegalArgumentException("limits are configured but no quota gate holds them");
        }
    }

    /**
     * Takes the request from every scope that applies, all or nothing, and tells {@code headroom}
     * what the rate headers should say.
     *
     * @param promptTokens asked only when a scope counts tokens or cost: the prompt's estimate
     * @param maxTokens    the request's {@code max_tokens}; null to reserve the configured default
     * @throws io.llmbridge.domain.BridgeException 429 when a scope refuses; 503 when the shared
     *                                             backend is away and the gate fails closed
     */
    QuotaHold admit(Caller caller, ModelRef model, LongSupplier promptTokens, Long maxTokens,
                    Consumer<Headroom> headroom) {
        if (gate == null || rules.none() && caller.limits() == null) {
            return QuotaHold.NONE; // no scope can have a limit: nothing to build, nothing to ask
        }
        List<ScopeLimits> scopes = rules.scopesFor(caller, model);
        if (scopes.isEmpty()) {
            return QuotaHold.NONE;
        }
        long tokens = 0;
        BigDecimal cost = BigDecimal.ZERO;
        if (QuotaRules.countsTokens(scopes)) {
            long prompt = estimated(promptTokens, model);
            long answer = maxTokens != null ? maxTokens : rules.defaultMaxTokens();
            tokens = prompt + answer;
            cost = prices.cost(model, Usage.estimated(prompt, answer, null)).orElse(BigDecimal.ZERO);
        }
        QuotaDecision decision = gate.admit(new Admission(scopes, tokens, cost));
        headroom.accept(decision.headroom());
        return switch (decision) {
            case QuotaDecision.Admitted admitted -> new QuotaHold(gate, admitted.ticket(), prices);
            case QuotaDecision.Refused refused -> throw refused.toException();
        };
    }

    /** The rules, for the limits view. */
    QuotaRules rules() {
        return rules;
    }

    QuotaGate gate() {
        return gate;
    }

    /** An estimate that could not be made reserves no prompt tokens: the settlement charges what was used. */
    private static long estimated(LongSupplier promptTokens, ModelRef model) {
        try {
            return Math.max(0, promptTokens.getAsLong());
        } catch (RuntimeException | OutOfMemoryError e) {
            LOG.log(System.Logger.Level.WARNING, "Could not estimate the prompt of a request to " + model.id()
                    + " for its quota reservation; only its answer is reserved");
            return 0;
        }
    }
}
