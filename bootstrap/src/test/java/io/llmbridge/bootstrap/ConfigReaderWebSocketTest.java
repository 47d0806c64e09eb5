package io.llmbridge.bootstrap;

import io.llmbridge.adapter.in.ws.WebSocketSettings;
import io.llmbridge.adapter.out.echo.EchoProviderFactory;
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

class ConfigReaderWebSocketTest {
    @TempDir
    Path dir;
    final List<String> warnings = new ArrayList<>();

    @Test
    void without_a_websocket_section_the_defaults_apply() throws IOException {
        assertEquals(WebSocketSettings.defaults(), read("{port: 1219}"));
        assertEquals(10 * 1024 * 1024, WebSocketSettings.defaults().maxMessageBytes());
        assertEquals(8, WebSocketSettings.defaults().maxConcurrentChats());
    }

    @Test
    void reads_every_websocket_setting() throws IOException {
        WebSocketSettings settings = read("{websocket: {max_frame_size: 2048, max_concurrent_chats: 3, idle_timeout: 1.5, "
                + "allowed_origins: [\"https://app.example.com\"]}}");
        assertEquals(new WebSocketSettings(2048, 3, Duration.ofMillis(1500), List.of("https://app.example.com")), settings);
        assertEquals(List.of(), warnings);
    }

    @Test
    void reads_the_bounds_of_sockets_before_and_after_authentication() throws IOException {
        WebSocketSettings settings = read("{websocket: {max_frame_bytes: 4096, authentication_timeout: 2.5, max_unauthenticated_bytes: 1000, "
                + "max_connections_per_key: 3, max_connections: 30, write_timeout: 0.5}}");
        assertEquals(new WebSocketSettings(WebSocketSettings.DEFAULT_MAX_MESSAGE_BYTES, WebSocketSettings.DEFAULT_MAX_CONCURRENT_CHATS,
                WebSocketSettings.DEFAULT_IDLE_TIMEOUT, List.of(), 4096, Duration.ofMillis(2500), 1000, 3, 30, Duration.ofMillis(500)),
                settings);
        assertEquals(List.of(), warnings);
    }

    @Test
    void without_them_the_bounds_have_their_documented_defaults() throws IOException {
        WebSocketSettings settings = read("{port: 1219}");
        assertEquals(64 * 1024, settings.maxFrameBytes());
        assertEquals(Duration.ofSeconds(10), settings.authenticationTimeout());
        assertEquals(64 * 1024, settings.maxUnauthenticatedBytes());
        assertEquals(64, settings.maxConnectionsPerKey());
        assertEquals(1024, settings.maxConnections());
        assertEquals(Duration.ofSeconds(10), settings.writeTimeout());
    }

    @Test
    void a_bad_bound_stops_start_up_with_one_line_naming_the_key() {
        assertProblem("{websocket: {max_frame_bytes: 0}}", "server.websocket.max_frame_bytes: must be a positive whole number, not '0'");
        assertProblem("{websocket: {max_frame_bytes: 2000000000}}", "server.websocket.max_frame_bytes: must be at most 1073741823 bytes");
        assertProblem("{websocket: {authentication_timeout: soon}}",
                "server.websocket.authentication_timeout: must be a positive number, not 'soon'");
        assertProblem("{websocket: {max_unauthenticated_bytes: -5}}",
                "server.websocket.max_unauthenticated_bytes: must be a positive whole number, not '-5'");
        assertProblem("{websocket: {max_connections_per_key: 1.5}}",
                "server.websocket.max_connections_per_key: must be a positive whole number, not '1.5'");
        assertProblem("{websocket: {max_connections: 5000000}}", "server.websocket.max_connections: must be at most 1000000");
        assertProblem("{websocket: {write_timeout: 0}}", "server.websocket.write_timeout: must be a positive number, not '0'");
    }

    @Test
    void a_bad_value_stops_start_up_with_one_line_naming_the_key() {
        assertProblem("{websocket: {max_frame_size: 0}}", "server.websocket.max_frame_size: must be a positive whole number, not '0'");
        assertProblem("{websocket: {max_frame_size: 2000000000}}", "server.websocket.max_frame_size: must be at most 1073741823 bytes");
        assertProblem("{websocket: {max_concurrent_chats: many}}", "server.websocket.max_concurrent_chats: must be a positive whole number, not 'many'");
        assertProblem("{websocket: {max_concurrent_chats: 100000}}", "server.websocket.max_concurrent_chats: must be at most 10000");
        assertProblem("{websocket: {idle_timeout: -1}}", "server.websocket.idle_timeout: must be a positive number, not '-1'");
        assertProblem("{websocket: {idle_timeout: 0.0001}}", "server.websocket.idle_timeout: must be at least 0.001 seconds");
        assertProblem("{websocket: {allowed_origins: https://a.example}}", "server.websocket.allowed_origins: must be a list of strings, not 'https://a.example'");
        assertProblem("{websocket: 5}", "server.websocket: must be a mapping, not '5'");
    }

    @Test
    void an_unknown_websocket_key_is_warned_about_and_ignored() throws IOException {
        read("{websocket: {max_frame: 10}}");
        assertEquals(List.of("server.websocket.max_frame is not a known setting (known: [allowed_origins, authentication_timeout, "
                + "idle_timeout, max_concurrent_chats, max_connections, max_connections_per_key, max_frame_bytes, max_frame_size, "
                + "max_unauthenticated_bytes, write_timeout]); ignored"), warnings);
    }

    private void assertProblem(String server, String expected) {
        ConfigProblem problem = assertThrows(ConfigProblem.class, () -> read(server));
        assertEquals(dir.resolve("config.yaml") + ": " + expected, problem.getMessage());
    }

    private WebSocketSettings read(String server) throws IOException {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, "server: " + server + "\nproviders: {echo: {adapter: echo, models: {echo-1: {}}}}\n");
        return new ConfigReader(List.of(new EchoProviderFactory()), warnings::add).read(file, Map.of()).server().webSocket();
    }
}
