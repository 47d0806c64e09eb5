package io.llmbridge.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartupTest {
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
        assertEquals(List.of("llm-bridge: configuration error: " + config + ": providers.p.adapter: unknown adapter 'nope'; known: [echo, openai]"),
                stderr.stream().filter(line -> line.startsWith("llm-bridge:")).toList());
    }

    @Test
    void dot_env_supplies_variables_and_the_real_environment_wins() throws IOException {
        Path envFile = dir.resolve(".env");
        Files.writeString(envFile, """
                # comment
                ACCESS_API_KEYS="from-dotenv"
                export DEEPSEEK_API_KEY='sk-dotenv'
                SERVER_PORT=1 # trailing comment
                """);
        Map<String, String> variables = DotEnv.read(envFile);
        assertEquals("from-dotenv", variables.get("ACCESS_API_KEYS"));
        assertEquals("sk-dotenv", variables.get("DEEPSEEK_API_KEY"));
        assertEquals("1", variables.get("SERVER_PORT"));

        Path config = dir.resolve("config.yaml");
        Files.writeString(config, "server: {port: 1219, host: 127.0.0.1}\nproviders:\n  echo:\n    adapter: echo\n    models: {echo-1: {}}\n"
                + "logging: {level: warn, audit: {path: \"" + dir.resolve("audit.log") + "\"}}\n");
        try (Gateway gateway = Main.start(new String[]{"--config", config.toString()},
                Map.of("LLM_BRIDGE_ENV_FILE", envFile.toString(), "SERVER_PORT", "0"))) {
            assertFalse(gateway.port() == 1 || gateway.port() == 1219, "SERVER_PORT=0 from the environment won over .env and the file");
        }
    }

    @Test
    void an_unknown_argument_is_refused() {
        ConfigProblem problem = org.junit.jupiter.api.Assertions.assertThrows(ConfigProblem.class,
                () -> Main.start(new String[]{"--port", "1"}, Map.of()));
        assertTrue(problem.getMessage().contains("unknown argument"));
    }
}
