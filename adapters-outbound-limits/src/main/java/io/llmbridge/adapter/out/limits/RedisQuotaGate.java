package io.llmbridge.adapter.out.limits;

import io.llmbridge.application.port.out.QuotaGate;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.quota.Admission;
import io.llmbridge.domain.quota.BudgetPeriod;
import io.llmbridge.domain.quota.LimitKind;
import io.llmbridge.domain.quota.LimitStatus;
import io.llmbridge.domain.quota.QuotaDecision;
import io.llmbridge.domain.quota.QuotaScope;
import io.llmbridge.domain.quota.QuotaTicket;
import io.llmbridge.domain.quota.ScopeLimits;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Quotas shared through Redis: admissions and settlements go in batches ({@link QuotaBatches}),
 * each admission atomic across every scope; far from its limits a scope's admissions come from
 * credit this replica took ahead of need ({@link CreditedAdmissions}). While Redis cannot be reached, {@link OnBackendFailure} decides, and every
 * such decision is counted.
 */
final class RedisQuotaGate implements QuotaGate {
    private static final int COST_SCALE = 6;

    private static final RedisScript BATCH = RedisScript.load("batch.lua");
    private static final RedisScript STATUS = RedisScript.load("status.lua");

    private final RedisQuotaSettings settings;
    private final RedisLink redis;
    private final QuotaCounting counting = new QuotaCounting();
    private final MemoryQuotaGate local;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong tickets = new AtomicLong();
    private final Map<QuotaScope, String> keys = new ConcurrentHashMap<>();
    private final QuotaBatches batches;
    /** Null when credit is off: every admission is then decided in Redis. */
    private final CreditedAdmissions credited;

    RedisQuotaGate(RedisQuotaSettings settings, Clock clock) {
        this.settings = settings;
        this.local = new MemoryQuotaGate(clock, true, counting);
        this.redis = new RedisLink(settings, List.of(BATCH, STATUS));
        Function<ScopeLimits, String> keyOf = scope -> keys.computeIfAbsent(scope.scope(), this::key);
        this.batches = new QuotaBatches(redis, BATCH, keyOf, settings.concurrencyLease().toNanos() / 1000);
        this.credited = settings.creditLifetime().isZero() ? null : new CreditedAdmissions(settings.creditLifetime(), keyOf,
                settling -> batches.settle(settling.settlement(), settling.scopes(), counting::settleFailed));
    }

    @Override
    public QuotaDecision admit(Admission admission) {
        String ticketId = instance + ":" + tickets.incrementAndGet();
        List<QuotaCredits.Key> creditKeys = credited == null ? null : credited.keys(admission);
        if (credited != null) {
            Optional<QuotaDecision.Admitted> fromCredit = credited.admit(admission, creditKeys, ticketId);
            if (fromCredit.isPresent()) {
                counting.admittedFromCredit();
                return counting.count(admission, fromCredit.get());
            }
        }
        List<Integer> wants = credited == null ? Collections.nCopies(admission.scopes().size(), 0)
                : credited.wants(admission, creditKeys);
        CompletableFuture<List<Object>> reply = batches.admit(List.of(Long.toString(admission.tokens()),
                Long.toString(micros(admission.cost())), ticketId), admission.scopes(), wants);
        try {
            // Not a timed wait: Lettuce fails the command itself after the timeout, and a timed park
            // of a virtual thread costs a timer task on every admission.
            return counting.count(admission, decision(admission, creditKeys, ticketId, reply.get()));
        } catch (ExecutionException unreachable) {
            return withoutRedis(admission);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return withoutRedis(admission);
        }
    }

    @Override
    public void settle(QuotaTicket ticket, long actualTokens, BigDecimal actualCost) {
        if (ticket.degraded()) {
            local.settle(ticket, actualTokens, actualCost);
            return;
        }
        if (!ticket.markSettled()) {
            return;
        }
        Admission admission = ticket.admission();
        long extraTokens = actualTokens - admission.tokens();
        long extraCost = micros(actualCost) - micros(admission.cost());
        if (credited != null && credited.settle(ticket, extraTokens, extraCost)) {
            return;
        }
        // Not waited for: the request has ended, and this replica's next batch runs after it.
        batches.settle(CreditedAdmissions.settlementOf(ticket.admittedAt(), extraTokens, extraCost, List.of(ticket.id())),
                admission.scopes(), counting::settleFailed);
    }

    @Override
    public List<LimitStatus> status(List<ScopeLimits> scopes) {
        List<String> args = new ArrayList<>(List.of(""));
        scopes.forEach(scope -> args.addAll(QuotaBatch.limits(scope)));
        List<Object> reply = redis.call(commands -> STATUS.run(commands, keys(scopes), args.toArray(String[]::new)))
                .orElseThrow(this::unavailable);
        Instant now = Instant.ofEpochSecond(number(reply, 0), number(reply, 1) * 1000);
        double nowMicros = MemoryQuotaGate.micros(now);
        Instant dayEnd = Instant.ofEpochSecond(number(reply, 2));
        Instant monthEnd = Instant.ofEpochSecond(number(reply, 3));
        List<LimitStatus> status = new ArrayList<>();
        for (int i = 0; i < scopes.size(); i++) {
            ScopeLimits scope = scopes.get(i);
            int at = 4 + i * LimitKind.values().length;
            for (LimitKind kind : LimitKind.values()) {
                scope.limits().get(kind).ifPresent(limit -> status.add(switch (kind) {
                    case RPM, TPM -> MemoryQuotaGate.rateStatus(scope.scope(), kind, limit,
                            Gcra.allowance(tat(reply, at + kind.ordinal()), nowMicros, scope.limits().count(kind)), now);
                    case CONCURRENT -> new LimitStatus(scope.scope(), kind, limit,
                            BigDecimal.valueOf(number(reply, at + kind.ordinal())), Optional.empty());
                    default -> {
                        long used = number(reply, at + kind.ordinal());
                        BigDecimal amount = kind.measure() == LimitKind.Measure.COST
                                ? BigDecimal.valueOf(used, COST_SCALE) : BigDecimal.valueOf(used);
                        Instant end = kind.budgetPeriod().orElseThrow() == BudgetPeriod.DAY ? dayEnd : monthEnd;
                        yield new LimitStatus(scope.scope(), kind, limit, amount, Optional.of(end));
                    }
                }));
            }
        }
        return status;
    }

    @Override
    public Health health() {
        boolean reachable = redis.reachable();
        return new Health("redis", reachable, "redis at " + settings.where()
                + (reachable ? "" : " cannot be reached (" + redis.lastFailure() + "); on_backend_failure: "
                + settings.onBackendFailure().name().toLowerCase()));
    }

    @Override
    public Counters counters() {
        return counting.snapshot();
    }

    /** Gives this replica's credit back to Redis (waiting a moment for it to be sent), then disconnects. */
    @Override
    public void close() {
        if (credited != null) {
            credited.close();
            batches.awaitIdle(settings.timeout().multipliedBy(2));
        }
        redis.close();
    }

    private QuotaDecision withoutRedis(Admission admission) {
        if (settings.onBackendFailure() == OnBackendFailure.CLOSED) {
            counting.refusedWithoutBackend();
            throw unavailable();
        }
        QuotaDecision decision = local.admit(admission);
        if (decision instanceof QuotaDecision.Admitted) {
            counting.admittedWithoutBackend();
        } else {
            counting.refusedWithoutBackend();
        }
        return decision;
    }

    private BridgeException unavailable() {
        return BridgeException.of(ErrorKind.UNAVAILABLE,
                "Quotas cannot be checked right now: their shared store is unreachable. Try again shortly.")
                .code("quota_backend_unavailable").build();
    }

    private QuotaDecision decision(Admission admission, List<QuotaCredits.Key> creditKeys, String ticketId,
                                   List<Object> reply) {
        List<ScopeLimits> scopes = admission.scopes();
        if (number(reply, 0) == 1) {
            long nowNanos = System.nanoTime();
            Instant now = Instant.ofEpochSecond(number(reply, 1), number(reply, 2) * 1000);
            double nowMicros = MemoryQuotaGate.micros(now);
            int count = scopes.size();
            double[] requestsTats = new double[count];
            double[] tokensTats = new double[count];
            List<long[]> granted = new ArrayList<>(count);
            List<MemoryQuotaGate.RateState> rates = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                requestsTats[i] = tat(reply, 3 + 2 * i, nowMicros);
                tokensTats[i] = tat(reply, 4 + 2 * i, nowMicros);
                rates.add(rates(scopes.get(i), requestsTats[i], tokensTats[i]));
                granted.add(new long[]{number(reply, 3 + 2 * count + 2 * i), number(reply, 4 + 2 * count + 2 * i)});
            }
            if (credited != null) {
                credited.granted(admission, creditKeys, ticketId, now, nowNanos, requestsTats, tokensTats, granted);
            }
            QuotaTicket ticket = new QuotaTicket(ticketId, admission, now, false);
            return new QuotaDecision.Admitted(ticket, MemoryQuotaGate.headroom(rates, nowMicros));
        }
        ScopeLimits scope = scopes.get((int) number(reply, 1) - 1);
        LimitKind kind = LimitKind.values()[(int) number(reply, 2) - 1];
        Instant now = Instant.ofEpochSecond(number(reply, 6), number(reply, 7) * 1000);
        double nowMicros = MemoryQuotaGate.micros(now);
        double requestsTat = tat(reply, 3, nowMicros);
        double tokensTat = tat(reply, 4, nowMicros);
        Optional<Duration> retryAfter = switch (kind) {
            case RPM -> Gcra.retryAfter(requestsTat, nowMicros, 1, scope.limits().count(kind));
            case TPM -> Gcra.retryAfter(tokensTat, nowMicros, admission.tokens(), scope.limits().count(kind));
            case CONCURRENT -> Optional.of(MemoryQuotaGate.CONCURRENCY_RETRY);
            default -> Optional.empty();
        };
        Optional<Instant> resetsAt = kind.budgetPeriod().map(period -> Instant.ofEpochSecond(number(reply, 5)));
        return new QuotaDecision.Refused(scope.scope(), kind, scope.limits().get(kind).orElseThrow(), retryAfter, resetsAt,
                MemoryQuotaGate.headroom(List.of(rates(scope, requestsTat, tokensTat)), nowMicros));
    }

    /** A schedule's time in microseconds, from batch.lua's nanoseconds ahead of {@code nowMicros}. */
    private static double tat(List<Object> reply, int index, double nowMicros) {
        return nowMicros + number(reply, index) / 1000.0;
    }

    static MemoryQuotaGate.RateState rates(ScopeLimits scope, double requestsTat, double tokensTat) {
        return (kind, nowMicros) -> scope.limits().get(kind).map(limit -> Gcra.allowance(
                kind == LimitKind.RPM ? requestsTat : tokensTat, nowMicros, scope.limits().count(kind)));
    }

    private String[] keys(List<ScopeLimits> scopes) {
        return scopes.stream().map(scope -> keys.computeIfAbsent(scope.scope(), this::key)).toArray(String[]::new);
    }

    /**
     * {@code {prefix}:<hash of the scope>}: one hash tag for every key, so that a script touching
     * several scopes finds them in one Cluster slot; the scope's name is hashed so that no name
     * (braces, colons, any length) can change the key's shape.
     */
    private String key(QuotaScope scope) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((scope.kind().configName() + "\n" + scope.name()).getBytes(StandardCharsets.UTF_8));
            return "{" + settings.keyPrefix() + "}:" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Costs travel as whole millionths of the currency, rounded up, since Lua counts in doubles. */
    static long micros(BigDecimal amount) {
        return amount == null ? 0 : amount.setScale(COST_SCALE, RoundingMode.CEILING).unscaledValue().longValueExact();
    }

    private static long number(List<Object> reply, int index) {
        Object value = reply.get(index);
        return value instanceof Long number ? number : Long.parseLong(value.toString());
    }

    private static double tat(List<Object> reply, int index) {
        return Double.parseDouble(reply.get(index).toString());
    }
}
