package io.llmbridge.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartupTest {
    private static final String ECHO_CONFIG = "server: {port: 0, host: 127.0.0.1}\nproviders:\n  echo:\n    adapter: echo\n    models: {echo-1: {}}\n";

    @TempDir
    Path dir;

    @Test
    void a_config_that_cannot_work_stops_the_process_with_one_line_and_a_non_zero_exit() throws Exception {
        Path config = dir.resolve("broken.yaml");
        Files.writeString(config, "providers:\n  p:\n    adapter: nope\n    models: {m: {}}\n");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--config", config.toString())
                .directory(dir.toFile()).redirectErrorStream(false).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        List<String> stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, process.exitValue());
        assertEquals(List.of("llm-bridge: configuration error: " + config + ": providers.p.adapter: unknown adapter 'nope'; known: [anthropic, echo, gemini, openai]"),
                stderr.stream().filter(line -> line.startsWith("llm-bridge:")).toList());
    }

    @Test
    void a_placeholder_access_key_stops_the_process_with_one_line_naming_its_position_but_not_the_key() throws Exception {
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, ECHO_CONFIG + "logging: {level: warn, audit: {path: \"" + dir.resolve("audit.log") + "\"}}\n");
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--config", config.toString()).directory(dir.toFile());
        builder.environment().put("ACCESS_API_KEYS", "sk-real-key-0b9e4d7a2c61,change-me");
        builder.environment().put("LLM_BRIDGE_ENV_FILE", dir.resolve("absent.env").toString());
        builder.environment().remove("LLM_BRIDGE_INSECURE_DEMO_KEYS");
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, process.exitValue());
        assertEquals(List.of("llm-bridge: configuration error: environment: ACCESS_API_KEYS: key 2 is a placeholder, not a key: "
                        + "use a random key of at least 16 characters (LLM_BRIDGE_INSECURE_DEMO_KEYS=true accepts it, for a local demo only)"),
                stderr.lines().filter(line -> line.startsWith("llm-bridge:")).toList());
        assertFalse(stderr.contains("change-me"), stderr);
        assertFalse(stderr.contains("sk-real-key"), stderr);
    }

    /** The quick start: {@code cp .env.example .env}, then the gateway starts with its demo key. */
    @Test
    void the_example_env_file_starts_with_its_demo_key_and_one_warning() throws Exception {
        Path envExample = Path.of("..", ".env.example").toAbsolutePath().normalize();
        Path config = dir.resolve("config.yaml");
        Path appLog = dir.resolve("app.log");
        Files.writeString(config, ECHO_CONFIG + "logging: {format: text, level: warn, output: {console: false, file: {path: \""
                + appLog + "\"}}, audit: {path: \"" + dir.resolve("audit.log") + "\"}}\n" + TestGateway.storeYaml(dir));
        try (Gateway gateway = Main.start(new String[]{"--config", config.toString()},
                Map.of("LLM_BRIDGE_ENV_FILE", envExample.toString(), "SERVER_PORT", "0"))) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + gateway.port() + "/v1/models"))
                    .header("Authorization", "Bearer change-me").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
        } finally {
            TestGateway.restoreTestLogging();
        }
        List<String> warnings = Files.readAllLines(appLog).stream().filter(line -> line.contains(" WARN ")).toList();
        assertEquals(1, warnings.stream().filter(line -> line.contains("LLM_BRIDGE_INSECURE_DEMO_KEYS=true: insecure demo keys are accepted")).count(),
                String.join("\n", warnings));
    }

    @Test
    void dot_env_supplies_variables_and_the_real_environment_wins() throws IOException {
        Path envFile = dir.resolve(".env");
        Files.writeString(envFile, """
                # comment
                ACCESS_API_KEYS="from-dotenv-3e7a1c5b"
                export DEEPSEEK_API_KEY='sk-dotenv'
                SERVER_PORT=1 # trailing comment
                """);
        Map<String, String> variables = DotEnv.read(envFile);
        assertEquals("from-dotenv-3e7a1c5b", variables.get("ACCESS_API_KEYS"));
        assertEquals("sk-dotenv", variables.get("DEEPSEEK_API_KEY"));
        assertEquals("1", variables.get("SERVER_PORT"));

        Path config = dir.resolve("config.yaml");
        Files.writeString(config, "server: {port: 1219, host: 127.0.0.1}\nproviders:\n  echo:\n    adapter: echo\n    models: {echo-1: {}}\n"
                + "logging: {level: warn, audit: {path: \"" + dir.resolve("audit.log") + "\"}}\n" + TestGateway.storeYaml(dir));
        try (Gateway gateway = Main.start(new String[]{"--config", config.toString()},
                Map.of("LLM_BRIDGE_ENV_FILE", envFile.toString(), "SERVER_PORT", "0"))) {
            assertFalse(gateway.port() == 1 || gateway.port() == 1219, "SERVER_PORT=0 from the environment won over .env and the file");
        }
    }

    @Test
    void a_provider_key_with_a_line_break_is_refused_without_showing_it(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, "server: {port: 0, host: 127.0.0.1}\nproviders:\n  p:\n    adapter: openai\n"
                + "    base_url: http://127.0.0.1:9/v1\n    models: {m: {}}\n"
                + "logging: {level: warn, audit: {path: \"" + dir.resolve("audit.log") + "\"}}\n");
        ConfigProblem problem = org.junit.jupiter.api.Assertions.assertThrows(ConfigProblem.class,
                () -> Main.start(new String[]{"--config", config.toString()},
                        Map.of("LLM_BRIDGE_ENV_FILE", dir.resolve("none").toString(), "P_API_KEY", "sk-first-line\nX-Injected: yes")));
        assertTrue(problem.getMessage().contains("P_API_KEY holds a key with a control character"), problem.getMessage());
        assertFalse(problem.getMessage().contains("sk-first-line"), problem.getMessage());
    }

    @Test
    void an_unknown_argument_is_refused() {
        ConfigProblem problem = org.junit.jupiter.api.Assertions.assertThrows(ConfigProblem.class,
                () -> Main.start(new String[]{"--port", "1"}, Map.of()));
        assertTrue(problem.getMessage().contains("unknown argument"));
    }

    /** Started as bin/llm-bridge starts it: with the JVM options it ships (configs/jvm.options). */
    @Test
    void a_normal_stop_writes_out_the_audit_of_every_request() throws Exception {
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, "server: {port: 0, host: 127.0.0.1}\nproviders:\n  echo:\n    adapter: echo\n    models: {echo-1: {}}\n"
                + "logging: {format: text, level: info, audit: {path: \"" + dir.resolve("audit.log") + "\"}}\n");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path jvmOptions = Path.of("..", "configs", "jvm.options").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(jvmOptions), jvmOptions + " exists");
        ProcessBuilder builder = new ProcessBuilder(java, "@" + jvmOptions, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--config", config.toString()).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("ACCESS_API_KEYS", TestGateway.ACCESS_KEY);
        builder.environment().put("LLM_BRIDGE_ENV_FILE", dir.resolve("absent.env").toString());
        Process process = builder.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            Pattern serving = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)/v1");
            int port = -1;
            while (port < 0) {
                String line = out.readLine();
                if (line == null) {
                    break;
                }
                Matcher matcher = serving.matcher(line);
                if (matcher.find()) {
                    port = Integer.parseInt(matcher.group(1));
                }
            }
            assertTrue(port > 0, "the gateway said where it serves");
            HttpClient client = HttpClient.newHttpClient();
            int requests = 20;
            for (int i = 0; i < requests; i++) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                        .header("Authorization", "Bearer " + TestGateway.ACCESS_KEY)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"echo/echo-1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi " + i + "\"}]}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode());
            }
            process.destroy(); // SIGTERM: the shutdown hook runs
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the gateway stopped");
            assertEquals(requests, Files.readAllLines(dir.resolve("audit.log")).size());
        } finally {
            process.destroyForcibly();
        }
    }
}
