package io.llmbridge.bootstrap;

import io.llmbridge.adapter.out.echo.EchoProviderFactory;
import io.llmbridge.adapter.out.gemini.GeminiProviderFactory;
import io.llmbridge.adapter.out.openai.OpenAiProviderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The server's bounds on what one client may hold, and the cap on an upstream's body. */
class ConfigReaderServerTest {
    private static final String ECHO = "providers: {echo: {adapter: echo, models: {echo-1: {}}}}\n";

    @TempDir
    Path dir;
    final List<String> warnings = new ArrayList<>();

    @Test
    void without_them_the_bounds_have_their_documented_defaults() throws IOException {
        GatewayConfig.Bounds bounds = read("server: {port: 1219}\n" + ECHO).server().bounds();
        assertEquals(new GatewayConfig.Bounds(2048, 1024, Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ofSeconds(60)),
                bounds);
    }

    @Test
    void reads_every_bound() throws IOException {
        GatewayConfig.Bounds bounds = read("server: {max_connections: 100, max_concurrent_requests: 50, idle_timeout: 30, "
                + "header_timeout: 2.5, body_timeout: 20, websocket: {idle_timeout: 15}}\n" + ECHO).server().bounds();
        assertEquals(new GatewayConfig.Bounds(100, 50, Duration.ofSeconds(30), Duration.ofMillis(2500), Duration.ofSeconds(20)), bounds);
        assertEquals(List.of(), warnings);
    }

    @Test
    void the_idle_timeout_follows_a_longer_websocket_idle_timeout_and_may_not_cut_it() throws IOException {
        assertEquals(Duration.ofMinutes(20), read("server: {websocket: {idle_timeout: 600}}\n" + ECHO).server().bounds().idleTimeout());
        assertProblem("server: {idle_timeout: 60}\n" + ECHO, "server.idle_timeout: must be at least twice "
                + "server.websocket.idle_timeout (600.0 seconds): the server's idle sweep closes WebSocket connections too");
    }

    @Test
    void a_bad_bound_stops_start_up_with_one_line_naming_the_key() {
        assertProblem("server: {max_connections: 0}\n" + ECHO, "server.max_connections: must be a positive whole number, not '0'");
        assertProblem("server: {max_connections: 2000000}\n" + ECHO, "server.max_connections: must be at most 1000000");
        assertProblem("server: {max_concurrent_requests: lots}\n" + ECHO,
                "server.max_concurrent_requests: must be a positive whole number, not 'lots'");
        assertProblem("server: {header_timeout: 0}\n" + ECHO, "server.header_timeout: must be a positive number, not '0'");
        assertProblem("server: {body_timeout: -1}\n" + ECHO, "server.body_timeout: must be a positive number, not '-1'");
    }

    @Test
    void max_response_size_is_an_option_of_openai_and_gemini_providers() throws IOException {
        GatewayConfig config = read("providers:\n  local: {adapter: openai, max_response_size: 1048576, models: {m: {}}}\n"
                + "  google: {adapter: gemini, max_response_size: 2048, models: {m: {}}}\n");
        assertEquals(1048576, config.providers().get(0).options().get("max_response_size"));
        assertEquals(List.of(), warnings);
        assertProblem("providers:\n  local: {adapter: openai, max_response_size: 32MiB, models: {m: {}}}\n",
                "providers.local.max_response_size: must be a whole number of bytes from 1 to 2147483638, not '32MiB'");
    }

    @Test
    void the_drain_waits_five_and_thirty_seconds_by_default_and_zero_means_no_wait() throws IOException {
        assertEquals(new GatewayConfig.DrainTimes(Duration.ofSeconds(5), Duration.ofSeconds(30)), read(ECHO).server().drain());
        assertEquals(new GatewayConfig.DrainTimes(Duration.ZERO, Duration.ofMillis(1500)),
                read("server: {drain: {delay: 0, grace: 1.5}}\n" + ECHO).server().drain());
        assertProblem("server: {drain: {grace: -1}}\n" + ECHO, "server.drain.grace: must be a positive number, not '-1'");
    }

    @Test
    void the_management_port_is_optional_and_differs_from_the_api_port() throws IOException {
        assertEquals(null, read(ECHO).server().managementPort());
        assertEquals(9219, read("server: {management_port: 9219}\n" + ECHO).server().managementPort());
        assertProblem("server: {port: 1219, management_port: 1219}\n" + ECHO,
                "server.management_port: must differ from the API port (1219); leave it out to serve /observe on the API port");
    }

    private void assertProblem(String yaml, String expected) {
        ConfigProblem problem = assertThrows(ConfigProblem.class, () -> read(yaml));
        assertEquals(dir.resolve("config.yaml") + ": " + expected, problem.getMessage());
    }

    private GatewayConfig read(String yaml) throws IOException {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, yaml);
        return new ConfigReader(List.of(new EchoProviderFactory(), new OpenAiProviderFactory(), new GeminiProviderFactory()),
                warnings::add).read(file, Map.of("GOOGLE_API_KEY", "k", "LOCAL_API_KEY", "k"));
    }
}
