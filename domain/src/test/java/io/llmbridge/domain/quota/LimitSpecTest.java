package io.llmbridge.domain.quota;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LimitSpecTest {
    @Test
    void reads_every_limit_kind_by_its_configuration_name() {
        LimitSpec spec = LimitSpec.fromJson("limits.keys.alice", Map.of("rpm", 60L, "tpm", 20000L, "concurrent", 2L,
                "daily_tokens", 500000L, "monthly_tokens", 1L, "daily_cost", new BigDecimal("12.5"), "monthly_cost", 2000L));
        assertEquals(60, spec.count(LimitKind.RPM));
        assertEquals(new BigDecimal("12.5"), spec.get(LimitKind.DAILY_COST).orElseThrow());
        assertEquals(LimitKind.values().length, spec.limits().size());
    }

    @Test
    void refuses_unknown_names_negative_values_fractions_of_counts_and_non_numbers_naming_the_key() {
        assertEquals("limits.teams.search: unknown limit 'rqm' (known: rpm, tpm, concurrent, daily_tokens, "
                        + "monthly_tokens, daily_cost, monthly_cost)",
                assertThrows(IllegalArgumentException.class,
                        () -> LimitSpec.fromJson("limits.teams.search", Map.of("rqm", 1L))).getMessage());
        assertEquals("limits.default.rpm must not be negative, not -1", assertThrows(IllegalArgumentException.class,
                () -> LimitSpec.fromJson("limits.default", Map.of("rpm", -1L))).getMessage());
        assertEquals("limits.default.tpm must be a whole number, not 1.5", assertThrows(IllegalArgumentException.class,
                () -> LimitSpec.fromJson("limits.default", Map.of("tpm", new BigDecimal("1.5")))).getMessage());
        assertEquals("limits.default.concurrent must be a number, not \"2\"", assertThrows(IllegalArgumentException.class,
                () -> LimitSpec.fromJson("limits.default", Map.of("concurrent", "2"))).getMessage());
    }

    @Test
    void budgets_reset_at_midnight_utc_and_on_the_first_of_the_month() {
        Instant time = Instant.parse("2026-12-31T23:59:59.999Z");
        assertEquals(Instant.parse("2027-01-01T00:00:00Z"), BudgetPeriod.DAY.end(time));
        assertEquals(Instant.parse("2027-01-01T00:00:00Z"), BudgetPeriod.MONTH.end(time));
        assertEquals(Instant.parse("2026-12-01T00:00:00Z"), BudgetPeriod.MONTH.start(time));
        assertEquals(Instant.parse("2024-03-01T00:00:00Z"), BudgetPeriod.MONTH.end(Instant.parse("2024-02-29T12:00:00Z")));
    }
}
