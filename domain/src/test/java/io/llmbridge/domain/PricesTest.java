package io.llmbridge.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PricesTest {
    private static final ModelRef MINI = ModelRef.parse("openai/gpt-4o-mini");
    private static final Prices PRICES = new Prices("USD", Map.of(MINI.id(),
            new Prices.Price(new BigDecimal("0.15"), new BigDecimal("0.60"), new BigDecimal("0.075"))));

    private static Usage usage(long prompt, long completion, Long cached) {
        return new Usage(prompt, completion, prompt + completion, null, cached, UsageSource.PROVIDER);
    }

    @Test
    void cost_is_input_and_output_tokens_at_their_price_per_million_exactly() {
        // 1000 × 0.15 / 1M + 500 × 0.60 / 1M = 0.00015 + 0.0003
        assertEquals(0, new BigDecimal("0.00045").compareTo(PRICES.cost(MINI, usage(1000, 500, null)).orElseThrow()));
    }

    @Test
    void cached_prompt_tokens_are_billed_at_the_cached_price_and_not_again_as_input() {
        // 600 × 0.15 + 400 × 0.075 = 90 + 30 = 120 per million
        BigDecimal cost = PRICES.cost(MINI, usage(1000, 0, 400L)).orElseThrow();
        assertEquals(0, new BigDecimal("0.00012").compareTo(cost));
    }

    @Test
    void without_a_cached_price_cached_tokens_cost_as_input() {
        Prices prices = new Prices("EUR", Map.of(MINI.id(), new Prices.Price(BigDecimal.ONE, BigDecimal.TEN, null)));
        assertEquals(0, new BigDecimal("0.001").compareTo(prices.cost(MINI, usage(1000, 0, 400L)).orElseThrow()));
    }

    @Test
    void a_model_without_a_price_has_no_cost_and_a_call_without_usage_costs_nothing() {
        assertEquals(Optional.empty(), PRICES.cost(ModelRef.parse("echo/echo-1"), usage(10, 10, null)));
        assertEquals(0, BigDecimal.ZERO.compareTo(PRICES.cost(MINI, null).orElseThrow()));
    }

    @Test
    void large_token_counts_keep_every_digit() {
        BigDecimal cost = PRICES.cost(MINI, usage(123_456_789_012L, 1, null)).orElseThrow();
        assertEquals(new BigDecimal("18518.51835240"), cost.stripTrailingZeros().setScale(8));
    }

    @Test
    void negative_prices_are_refused() {
        assertThrows(IllegalArgumentException.class,
                () -> new Prices.Price(new BigDecimal("-1"), BigDecimal.ONE, null));
    }
}
