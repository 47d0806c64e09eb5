package io.llmbridge.application.service;

import io.llmbridge.application.port.out.QuotaGate;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.quota.Admission;
import io.llmbridge.domain.quota.Headroom;
import io.llmbridge.domain.quota.LimitKind;
import io.llmbridge.domain.quota.LimitStatus;
import io.llmbridge.domain.quota.QuotaDecision;
import io.llmbridge.domain.quota.QuotaScope;
import io.llmbridge.domain.quota.QuotaTicket;
import io.llmbridge.domain.quota.ScopeLimits;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A quota gate that admits unless told otherwise, and remembers what it was asked and what was settled. */
final class FakeQuotaGate implements QuotaGate {
    static final Headroom HEADROOM = new Headroom(
            Optional.of(new Headroom.Allowance(60, 59, Duration.ofSeconds(1))), Optional.empty());

    final List<Admission> admissions = new ArrayList<>();
    final List<Long> settled = new ArrayList<>();
    boolean refuse;
    boolean unavailable;

    @Override
    public QuotaDecision admit(Admission admission) {
        admissions.add(admission);
        if (unavailable) {
            throw BridgeException.of(ErrorKind.UNAVAILABLE, "quota backend away").code("quota_backend_unavailable").build();
        }
        if (refuse) {
            return new QuotaDecision.Refused(QuotaScope.key("alice"), LimitKind.RPM, BigDecimal.valueOf(60),
                    Optional.of(Duration.ofMillis(1500)), Optional.empty(), HEADROOM);
        }
        return new QuotaDecision.Admitted(new QuotaTicket("t" + admissions.size(), admission, Instant.EPOCH, false),
                HEADROOM);
    }

    @Override
    public void settle(QuotaTicket ticket, long actualTokens, BigDecimal actualCost) {
        if (ticket.markSettled()) {
            settled.add(actualTokens);
        }
    }

    @Override
    public List<LimitStatus> status(List<ScopeLimits> scopes) {
        return List.of();
    }

    @Override
    public Health health() {
        return new Health("fake", true, "");
    }

    @Override
    public Counters counters() {
        return new Counters(Map.of(), Map.of(), 0, 0, 0, 0);
    }
}
