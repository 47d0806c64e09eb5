package io.llmbridge.bootstrap;

import io.llmbridge.adapter.out.echo.EchoProviderFactory;
import io.llmbridge.adapter.out.store.StoreSettings;
import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.Usage;
import io.llmbridge.domain.UsageSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code store} and {@code prices} sections. */
class ConfigReaderStoreTest {
    private static final String PROVIDERS = "providers:\n  echo:\n    adapter: echo\n    models: {echo-1: {}}\n";
    @TempDir
    Path dir;
    private final List<String> warnings = new ArrayList<>();

    private GatewayConfig read(String yaml, Map<String, String> environment) throws IOException {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, PROVIDERS + yaml);
        return new ConfigReader(List.of(new EchoProviderFactory()), warnings::add).read(file, environment);
    }

    @Test
    void without_a_store_section_the_embedded_file_under_data_is_used_and_nothing_costs() throws IOException {
        GatewayConfig config = read("", Map.of());
        assertEquals(StoreSettings.EMBEDDED_URL, config.store().url());
        assertNull(config.store().user());
        assertNull(config.store().password());
        assertEquals("USD", config.prices().currency());
        assertTrue(config.prices().byModel().isEmpty());
    }

    @Test
    void usage_rows_are_written_unless_switched_off() throws IOException {
        assertTrue(read("", Map.of()).usageRows());
        assertFalse(read("store:\n  usage_rows: false\n", Map.of()).usageRows());
        assertThrows(ConfigProblem.class, () -> read("store:\n  usage_rows: sometimes\n", Map.of()));
    }

    @Test
    void postgres_takes_its_password_from_the_environment_and_the_environment_may_point_elsewhere() throws IOException {
        GatewayConfig config = read("store:\n  url: jdbc:postgresql://db:5432/llmbridge\n  user: llmbridge\n",
                Map.of("STORE_PASSWORD", "pg-secret-123"));
        assertEquals("jdbc:postgresql://db:5432/llmbridge", config.store().url());
        assertEquals("llmbridge", config.store().user());
        assertEquals("pg-secret-123", config.store().password().reveal());

        GatewayConfig overridden = read("", Map.of("STORE_URL", "jdbc:postgresql://fleet/db", "STORE_USER", "gw"));
        assertEquals("jdbc:postgresql://fleet/db", overridden.store().url());
        assertEquals("gw", overridden.store().user());
    }

    @Test
    void a_password_in_the_file_or_a_url_of_another_database_stops_the_start() {
        ConfigProblem password = assertThrows(ConfigProblem.class, () -> read("store:\n  password: hunter2-hunter2\n", Map.of()));
        assertTrue(password.getMessage().contains("store.password"), password.getMessage());
        assertFalse(password.getMessage().contains("hunter2"), password.getMessage());
        ConfigProblem mysql = assertThrows(ConfigProblem.class, () -> read("store:\n  url: jdbc:mysql://db/x\n", Map.of()));
        assertTrue(mysql.getMessage().contains("store.url"), mysql.getMessage());
    }

    @Test
    void prices_are_per_million_tokens_in_their_currency_and_checked() throws IOException {
        GatewayConfig config = read("prices:\n  currency: EUR\n  echo/echo-1: {input: 0.15, output: 0.6, cached_input: 0}\n", Map.of());
        assertEquals("EUR", config.prices().currency());
        assertEquals(new BigDecimal("0.00000075"), config.prices().cost(ModelRef.parse("echo/echo-1"),
                new Usage(1L, 1L, 2L, null, null, UsageSource.PROVIDER)).orElseThrow().stripTrailingZeros());

        ConfigProblem missing = assertThrows(ConfigProblem.class, () -> read("prices:\n  echo/echo-1: {input: 1}\n", Map.of()));
        assertTrue(missing.getMessage().contains("prices.echo/echo-1: needs both input and output"), missing.getMessage());
        ConfigProblem negative = assertThrows(ConfigProblem.class, () -> read("prices:\n  echo/echo-1: {input: -1, output: 1}\n", Map.of()));
        assertTrue(negative.getMessage().contains("prices.echo/echo-1.input"), negative.getMessage());
        ConfigProblem unknown = assertThrows(ConfigProblem.class, () -> read("prices:\n  echo/echo-1: {input: 1, output: 1, batch: 1}\n", Map.of()));
        assertTrue(unknown.getMessage().contains("batch"), unknown.getMessage());
    }
}
