package io.llmbridge.domain;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What models cost, per million tokens, in one currency.
 *
 * @param byModel prices by public model name ({@code openai/gpt-4o-mini})
 */
public record Prices(String currency, Map<String, Price> byModel) {
    public static final Prices NONE = new Prices("USD", Map.of());

    public Prices {
        if (currency == null || currency.isBlank()) {
            throw new IllegalArgumentException("currency must not be blank");
        }
        byModel = Map.copyOf(byModel);
    }

    /**
     * What a request that used {@code usage} cost, exactly (no rounding); empty when no price is
     * configured for the model. A request without usage (refused before any upstream answer)
     * cost nothing.
     */
    public Optional<BigDecimal> cost(ModelRef model, Usage usage) {
        return Optional.ofNullable(byModel.get(model.id())).map(price -> price.cost(usage));
    }

    /**
     * One model's prices per million tokens.
     *
     * @param cachedInput for prompt tokens the provider served from its cache; null when the
     *                    provider bills them as ordinary input
     */
    public record Price(BigDecimal input, BigDecimal output, BigDecimal cachedInput) {
        private static final int PER_MILLION = 6;

        public Price {
            requireNotNegative("input", input);
            requireNotNegative("output", output);
            if (cachedInput != null) {
                requireNotNegative("cached_input", cachedInput);
            }
        }

        /**
         * Cached tokens are part of the prompt tokens (as OpenAI reports them), and reasoning
         * tokens part of the completion tokens, so neither is billed twice.
         */
        public BigDecimal cost(Usage usage) {
            if (usage == null) {
                return BigDecimal.ZERO;
            }
            long prompt = orZero(usage.promptTokens());
            long cached = Math.min(orZero(usage.cachedTokens()), prompt);
            BigDecimal cachedRate = cachedInput == null ? input : cachedInput;
            return input.multiply(BigDecimal.valueOf(prompt - cached))
                    .add(cachedRate.multiply(BigDecimal.valueOf(cached)))
                    .add(output.multiply(BigDecimal.valueOf(orZero(usage.completionTokens()))))
                    .movePointLeft(PER_MILLION);
        }

        private static void requireNotNegative(String field, BigDecimal value) {
            Objects.requireNonNull(value, field);
            if (value.signum() < 0) {
                throw new IllegalArgumentException(field + " must not be negative, not " + value);
            }
        }

        private static long orZero(Long value) {
            return value == null ? 0 : value;
        }
    }
}
