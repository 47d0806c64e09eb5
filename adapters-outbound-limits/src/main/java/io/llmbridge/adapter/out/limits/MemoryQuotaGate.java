package io.llmbridge.adapter.out.limits;

import io.llmbridge.application.port.out.QuotaGate;
import io.llmbridge.domain.quota.Admission;
import io.llmbridge.domain.quota.BudgetPeriod;
import io.llmbridge.domain.quota.Headroom;
import io.llmbridge.domain.quota.LimitKind;
import io.llmbridge.domain.quota.LimitSpec;
import io.llmbridge.domain.quota.LimitStatus;
import io.llmbridge.domain.quota.QuotaDecision;
import io.llmbridge.domain.quota.QuotaScope;
import io.llmbridge.domain.quota.QuotaTicket;
import io.llmbridge.domain.quota.ScopeLimits;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Quotas of one process, exact. One lock makes an admission all-or-nothing across its scopes:
 * it holds for a few map reads and writes, never for I/O.
 */
final class MemoryQuotaGate implements QuotaGate {
    /** How soon a request refused by {@code concurrent} is told to try again: slots free as requests end. */
    static final Duration CONCURRENCY_RETRY = Duration.ofSeconds(1);

    private final Clock clock;
    private final boolean degraded;
    private final QuotaCounting counting;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<QuotaScope, ScopeState> states = new HashMap<>();
    private final AtomicLong tickets = new AtomicLong();

    /**
     * @param degraded whether its tickets stand in for a shared backend that could not be reached
     */
    MemoryQuotaGate(Clock clock, boolean degraded, QuotaCounting counting) {
        this.clock = clock;
        this.degraded = degraded;
        this.counting = counting;
    }

    @Override
    public QuotaDecision admit(Admission admission) {
        Instant now = clock.instant();
        double nowMicros = micros(now);
        lock.lock();
        try {
            List<ScopeState> scopes = admission.scopes().stream().map(this::state).toList();
            for (int i = 0; i < scopes.size(); i++) {
                Optional<QuotaDecision.Refused> refused = scopes.get(i).refusal(admission, now, nowMicros);
                if (refused.isPresent()) {
                    return counting.count(admission, refused.get());
                }
            }
            scopes.forEach(scope -> scope.take(admission, now, nowMicros));
            QuotaTicket ticket = new QuotaTicket("m" + tickets.incrementAndGet(), admission, now, degraded);
            return counting.count(admission, new QuotaDecision.Admitted(ticket, headroom(scopes, nowMicros)));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void settle(QuotaTicket ticket, long actualTokens, BigDecimal actualCost) {
        if (!ticket.markSettled()) {
            return;
        }
        Admission admission = ticket.admission();
        long extraTokens = actualTokens - admission.tokens();
        BigDecimal extraCost = (actualCost == null ? BigDecimal.ZERO : actualCost).subtract(admission.cost());
        lock.lock();
        try {
            admission.scopes().forEach(scope -> state(scope).settle(ticket.admittedAt(), extraTokens, extraCost));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<LimitStatus> status(List<ScopeLimits> scopes) {
        Instant now = clock.instant();
        List<LimitStatus> status = new ArrayList<>();
        lock.lock();
        try {
            scopes.forEach(scope -> state(scope).status(now, status));
        } finally {
            lock.unlock();
        }
        return status;
    }

    @Override
    public Health health() {
        return new Health("memory", true, "one process");
    }

    @Override
    public Counters counters() {
        return counting.snapshot();
    }

    private ScopeState state(ScopeLimits scope) {
        return states.computeIfAbsent(scope.scope(), key -> new ScopeState()).with(scope);
    }

    static Headroom headroom(List<? extends RateState> scopes, double nowMicros) {
        Optional<Headroom.Allowance> requests = Optional.empty();
        Optional<Headroom.Allowance> tokens = Optional.empty();
        for (RateState scope : scopes) {
            requests = tighter(requests, scope.allowance(LimitKind.RPM, nowMicros));
            tokens = tighter(tokens, scope.allowance(LimitKind.TPM, nowMicros));
        }
        return new Headroom(requests, tokens);
    }

    private static Optional<Headroom.Allowance> tighter(Optional<Headroom.Allowance> one, Optional<Headroom.Allowance> other) {
        if (one.isEmpty()) {
            return other;
        }
        return other.map(allowance -> Headroom.Allowance.tighter(one.get(), allowance)).or(() -> one);
    }

    /** A rate as the limits view shows it: used is what the bucket is short of full. */
    static LimitStatus rateStatus(QuotaScope scope, LimitKind kind, BigDecimal limit, Headroom.Allowance allowance,
                                  Instant now) {
        return new LimitStatus(scope, kind, limit, BigDecimal.valueOf(allowance.limit() - allowance.remaining()),
                Optional.of(now.plus(allowance.resetsIn())));
    }

    static double micros(Instant time) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, time);
    }

    /** What a scope's rates stand at, as headroom is worked out from it. */
    interface RateState {
        Optional<Headroom.Allowance> allowance(LimitKind kind, double nowMicros);
    }

    /** One scope's counters; touched under the gate's lock only. */
    private static final class ScopeState implements RateState {
        private ScopeLimits current;
        private double requestsTat;
        private double tokensTat;
        private long inFlight;
        private final Map<BudgetPeriod, Budget> budgets = new EnumMap<>(Map.of(BudgetPeriod.DAY, new Budget(),
                BudgetPeriod.MONTH, new Budget()));

        /** The limits may differ from one request to the next (configuration reloaded, key updated). */
        ScopeState with(ScopeLimits limits) {
            current = limits;
            return this;
        }

        Optional<QuotaDecision.Refused> refusal(Admission admission, Instant now, double nowMicros) {
            LimitSpec spec = current.limits();
            for (LimitKind kind : LimitKind.values()) {
                Optional<BigDecimal> limit = spec.get(kind);
                if (limit.isEmpty()) {
                    continue;
                }
                Optional<QuotaDecision.Refused> refused = switch (kind) {
                    case RPM -> rate(kind, requestsTat, 1, spec.count(kind), nowMicros);
                    case TPM -> rate(kind, tokensTat, admission.tokens(), spec.count(kind), nowMicros);
                    case CONCURRENT -> inFlight + 1 > spec.count(kind)
                            ? Optional.of(refused(kind, Optional.of(CONCURRENCY_RETRY), Optional.empty(), nowMicros))
                            : Optional.empty();
                    default -> budget(kind, limit.get(), admission, now, nowMicros);
                };
                if (refused.isPresent()) {
                    return refused;
                }
            }
            return Optional.empty();
        }

        private Optional<QuotaDecision.Refused> rate(LimitKind kind, double tat, long units, long limit, double nowMicros) {
            if (Gcra.fits(Gcra.taken(tat, nowMicros, units, limit), nowMicros, limit)) {
                return Optional.empty();
            }
            return Optional.of(refused(kind, Gcra.retryAfter(tat, nowMicros, units, limit), Optional.empty(), nowMicros));
        }

        private Optional<QuotaDecision.Refused> budget(LimitKind kind, BigDecimal limit, Admission admission, Instant now,
                                                       double nowMicros) {
            BudgetPeriod period = kind.budgetPeriod().orElseThrow();
            Budget budget = budgets.get(period).rolledTo(period.start(now));
            BigDecimal after = kind.measure() == LimitKind.Measure.COST
                    ? budget.cost.add(admission.cost())
                    : BigDecimal.valueOf(budget.tokens + admission.tokens());
            if (after.compareTo(limit) <= 0) {
                return Optional.empty();
            }
            return Optional.of(refused(kind, Optional.empty(), Optional.of(period.end(now)), nowMicros));
        }

        private QuotaDecision.Refused refused(LimitKind kind, Optional<Duration> retryAfter, Optional<Instant> resetsAt,
                                              double nowMicros) {
            return new QuotaDecision.Refused(current.scope(), kind, current.limits().get(kind).orElseThrow(), retryAfter,
                    resetsAt, headroom(List.of(this), nowMicros));
        }

        void take(Admission admission, Instant now, double nowMicros) {
            LimitSpec spec = current.limits();
            if (spec.get(LimitKind.RPM).isPresent()) {
                requestsTat = Gcra.taken(requestsTat, nowMicros, 1, spec.count(LimitKind.RPM));
            }
            if (spec.get(LimitKind.TPM).isPresent()) {
                tokensTat = Gcra.taken(tokensTat, nowMicros, admission.tokens(), spec.count(LimitKind.TPM));
            }
            inFlight++;
            budgets.forEach((period, budget) -> budget.rolledTo(period.start(now)).add(admission.tokens(), admission.cost()));
        }

        void settle(Instant admittedAt, long extraTokens, BigDecimal extraCost) {
            LimitSpec spec = current.limits();
            if (spec.get(LimitKind.TPM).isPresent()) {
                tokensTat += extraTokens * Gcra.interval(spec.count(LimitKind.TPM));
            }
            inFlight = Math.max(0, inFlight - 1);
            budgets.forEach((period, budget) -> {
                if (period.start(admittedAt).equals(budget.start)) {
                    budget.add(extraTokens, extraCost);
                }
            });
        }

        @Override
        public Optional<Headroom.Allowance> allowance(LimitKind kind, double nowMicros) {
            if (current.limits().get(kind).isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(Gcra.allowance(kind == LimitKind.RPM ? requestsTat : tokensTat, nowMicros,
                    current.limits().count(kind)));
        }

        void status(Instant now, List<LimitStatus> into) {
            double nowMicros = micros(now);
            current.limits().limits().keySet().stream().sorted().forEach(kind -> {
                BigDecimal limit = current.limits().get(kind).orElseThrow();
                into.add(switch (kind) {
                    case RPM, TPM -> rateStatus(current.scope(), kind, limit, allowance(kind, nowMicros).orElseThrow(), now);
                    case CONCURRENT -> new LimitStatus(current.scope(), kind, limit, BigDecimal.valueOf(inFlight),
                            Optional.empty());
                    default -> {
                        BudgetPeriod period = kind.budgetPeriod().orElseThrow();
                        Budget budget = budgets.get(period).rolledTo(period.start(now));
                        BigDecimal used = kind.measure() == LimitKind.Measure.COST ? budget.cost : BigDecimal.valueOf(budget.tokens);
                        yield new LimitStatus(current.scope(), kind, limit, used, Optional.of(period.end(now)));
                    }
                });
            });
        }
    }

    /** Tokens and cost taken in one budget period; a new period starts from nothing. */
    private static final class Budget {
        private Instant start = Instant.EPOCH;
        private long tokens;
        private BigDecimal cost = BigDecimal.ZERO;

        Budget rolledTo(Instant periodStart) {
            if (!periodStart.equals(start)) {
                start = periodStart;
                tokens = 0;
                cost = BigDecimal.ZERO;
            }
            return this;
        }

        void add(long moreTokens, BigDecimal moreCost) {
            tokens = Math.max(0, tokens + moreTokens);
            cost = cost.add(moreCost).max(BigDecimal.ZERO);
        }
    }
}
