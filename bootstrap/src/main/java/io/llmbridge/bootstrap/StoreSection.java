package io.llmbridge.bootstrap;

import io.llmbridge.adapter.out.store.StoreSettings;
import io.llmbridge.domain.Prices;
import io.llmbridge.domain.Secret;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The {@code store} and {@code prices} sections. The store's password is never in the file:
 * {@code STORE_PASSWORD} (or {@code STORE_PASSWORD_FILE}, see {@link SecretFiles}) from the environment.
 */
final class StoreSection {
    static final String PASSWORD_VARIABLE = "STORE_PASSWORD";
    private static final Set<String> STORE_KEYS = Set.of("url", "user");
    private static final Set<String> PRICE_KEYS = Set.of("input", "output", "cached_input");
    private static final String CURRENCY = "currency";

    private StoreSection() {
    }

    static StoreSettings store(ConfigNode node, Map<String, String> environment, Consumer<String> warnings) {
        node.warnUnknown(STORE_KEYS, warnings);
        if (node.get("password").isPresent()) {
            throw node.get("password").problem("must not be in the file; set " + PASSWORD_VARIABLE + " in the environment");
        }
        String password = environment.get(PASSWORD_VARIABLE);
        ConfigNode url = node.get("url");
        try {
            return StoreSettings.of(url.string(StoreSettings.EMBEDDED_URL), node.get("user").string(null),
                    password == null || password.isEmpty() ? null : new Secret(password));
        } catch (IllegalArgumentException e) {
            throw url.problem(e.getMessage());
        }
    }

    static Prices prices(ConfigNode node) {
        Map<String, Prices.Price> byModel = new LinkedHashMap<>();
        for (String model : node.mapping().keySet()) {
            if (!model.equals(CURRENCY)) {
                byModel.put(model, price(node.get(model)));
            }
        }
        return new Prices(node.get(CURRENCY).string(Prices.NONE.currency()), byModel);
    }

    private static Prices.Price price(ConfigNode node) {
        node.mapping().keySet().stream().filter(key -> !PRICE_KEYS.contains(key)).findFirst().ifPresent(key -> {
            throw node.get(key).problem("is not a price; a model's price has input, output and cached_input (per 1M tokens)");
        });
        BigDecimal input = node.get("input").nonNegativeNumber(null);
        BigDecimal output = node.get("output").nonNegativeNumber(null);
        if (input == null || output == null) {
            throw node.problem("needs both input and output (per 1M tokens)");
        }
        return new Prices.Price(input, output, node.get("cached_input").nonNegativeNumber(null));
    }
}
