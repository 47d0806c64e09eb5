package io.llmbridge.domain.quota;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The limits of one scope: any of {@link LimitKind}, each a non-negative amount (whole for
 * requests and tokens, a decimal in the prices' currency for costs). A limit of 0 admits nothing.
 */
public record LimitSpec(Map<LimitKind, BigDecimal> limits) {
    public static final LimitSpec NONE = new LimitSpec(Map.of());

    public LimitSpec {
        limits = Map.copyOf(limits);
        limits.forEach((kind, amount) -> check(kind.configName(), kind, amount));
    }

    /**
     * Reads limits as configuration or a managed key's {@code limits} JSON gives them
     * ({@code {rpm: 60, daily_cost: 12.5}}).
     *
     * @param where what the messages call the object, e.g. {@code limits.keys.alice}
     * @throws IllegalArgumentException naming {@code where} and the limit, for an unknown name, a
     *                                  value that is not a number, negative, or not whole where it must be
     */
    public static LimitSpec fromJson(String where, Map<String, ?> json) {
        Map<LimitKind, BigDecimal> limits = new EnumMap<>(LimitKind.class);
        json.forEach((name, value) -> {
            LimitKind kind = LimitKind.byConfigName(name).orElseThrow(() -> new IllegalArgumentException(
                    where + ": unknown limit '" + name + "' (known: " + Arrays.stream(LimitKind.values())
                            .map(LimitKind::configName).collect(Collectors.joining(", ")) + ")"));
            if (!(value instanceof Number number)) {
                throw new IllegalArgumentException(where + "." + name + " must be a number, not " + describe(value));
            }
            BigDecimal amount = new BigDecimal(number.toString());
            check(where + "." + name, kind, amount);
            limits.put(kind, amount);
        });
        return new LimitSpec(limits);
    }

    public Optional<BigDecimal> get(LimitKind kind) {
        return Optional.ofNullable(limits.get(kind));
    }

    /** A requests or tokens limit as a count; only for kinds that are set and not costs. */
    public long count(LimitKind kind) {
        if (kind.measure() == LimitKind.Measure.COST) {
            throw new IllegalArgumentException(kind.configName() + " is a cost, not a count");
        }
        return limits.get(kind).longValueExact();
    }

    public boolean isEmpty() {
        return limits.isEmpty();
    }

    private static void check(String name, LimitKind kind, BigDecimal amount) {
        Objects.requireNonNull(amount, name);
        if (amount.signum() < 0) {
            throw new IllegalArgumentException(name + " must not be negative, not " + amount.toPlainString());
        }
        if (kind.measure() != LimitKind.Measure.COST) {
            try {
                amount.longValueExact();
            } catch (ArithmeticException notWhole) {
                throw new IllegalArgumentException(name + " must be a whole number, not " + amount.toPlainString());
            }
        }
    }

    private static String describe(Object value) {
        return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
    }
}
