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
 * {@code STORE_URL} and {@code STORE_USER} override the file, as {@code SERVER_PORT} does, so a
 * container image with one configuration file can be pointed at a fleet's database.
 */
final class StoreSection {
    static final String PASSWORD_VARIABLE = "STORE_PASSWORD";
    static final String URL_VARIABLE = "STORE_URL";
    static final String USER_VARIABLE = "STORE_USER";
    private static final Set<String> STORE_KEYS = Set.of("url", "user", "usage_rows");
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
        String urlVariable = environment.get(URL_VARIABLE);
        String userVariable = environment.get(USER_VARIABLE);
        try {
            return StoreSettings.of(present(urlVariable) ? urlVariable.strip() : url.string(StoreSettings.EMBEDDED_URL),
                    present(userVariable) ? userVariable.strip() : node.get("user").string(null),
                    present(password) ? new Secret(password) : null);
        } catch (IllegalArgumentException e) {
            throw present(urlVariable) ? new ConfigProblem("environment", URL_VARIABLE, e.getMessage()) : url.problem(e.getMessage());
        }
    }

    /**
     * {@code store.usage_rows}: whether each call's usage row is written (the default). Off, the
     * gateway keeps no usage of its own ({@code /v1/usage} reports nothing): for a platform that
     * accounts from the audit trail alone.
     */
    static boolean usageRows(ConfigNode node) {
        return node.get("usage_rows").bool(true);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
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
