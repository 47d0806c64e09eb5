package io.llmbridge.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretFilesTest {
    private static final String SECRET = "sk-from-a-file-4c1e";

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void a_secret_variable_is_read_from_the_file_its_FILE_variable_names_without_the_trailing_line_break() throws IOException {
        Map<String, String> environment = SecretFiles.resolve(Map.of(
                "OPENAI_API_KEY_FILE", file("openai", SECRET + "\n").toString(),
                "ACCESS_API_KEYS_FILE", file("access", "a,b\r\n").toString(),
                "TLS_TRUST_STORE_PASSWORD_FILE", file("password", "changeit").toString(),
                "HTTPS_PROXY_FILE", file("proxy", "http://user:pw@proxy:3128\n\n").toString()));
        assertEquals(Map.of("OPENAI_API_KEY", SECRET, "ACCESS_API_KEYS", "a,b",
                "TLS_TRUST_STORE_PASSWORD", "changeit", "HTTPS_PROXY", "http://user:pw@proxy:3128"), environment);
    }

    @Test
    void other_FILE_variables_are_left_alone() {
        Map<String, String> environment = Map.of("SSL_CERT_FILE", "/etc/ssl/certs/ca.pem",
                "LLM_BRIDGE_ENV_FILE", "/nowhere/.env", "SERVER_PORT", "1219");
        assertEquals(environment, SecretFiles.resolve(environment));
    }

    @Test
    void a_secret_set_both_directly_and_as_a_file_is_refused() throws IOException {
        String path = file("key", SECRET).toString();
        ConfigProblem problem = assertThrows(ConfigProblem.class, () -> SecretFiles.resolve(
                Map.of("OPENAI_API_KEY", "sk-direct", "OPENAI_API_KEY_FILE", path)));
        assertEquals("environment: OPENAI_API_KEY_FILE: both OPENAI_API_KEY and OPENAI_API_KEY_FILE are set; keep one",
                problem.getMessage());
    }

    @Test
    void an_empty_direct_variable_does_not_count_as_set() throws IOException {
        assertEquals(Map.of("OPENAI_API_KEY", SECRET), SecretFiles.resolve(Map.of(
                "OPENAI_API_KEY", "", "OPENAI_API_KEY_FILE", file("key", SECRET).toString())));
    }

    @Test
    void a_file_that_cannot_be_read_is_named_with_its_variable() {
        Path missing = dir.resolve("missing");
        ConfigProblem problem = assertThrows(ConfigProblem.class,
                () -> SecretFiles.resolve(Map.of("GEMINI_API_KEY_FILE", missing.toString())));
        assertEquals("environment: GEMINI_API_KEY_FILE: cannot read " + missing + ": no such file", problem.getMessage());
        ConfigProblem directory = assertThrows(ConfigProblem.class,
                () -> SecretFiles.resolve(Map.of("GEMINI_API_KEY_FILE", dir.toString())));
        assertEquals("environment: GEMINI_API_KEY_FILE: cannot read " + dir + ": it is a directory", directory.getMessage());
    }

    @Test
    void a_file_that_is_not_text_is_refused_without_showing_what_it_holds() throws IOException {
        Path binary = Files.write(dir.resolve("binary"), new byte[]{'s', 'k', (byte) 0xC3, (byte) 0x28});
        ConfigProblem problem = assertThrows(ConfigProblem.class,
                () -> SecretFiles.resolve(Map.of("STORE_PASSWORD_FILE", binary.toString())));
        assertEquals("environment: STORE_PASSWORD_FILE: cannot read " + binary + ": not UTF-8 text", problem.getMessage());
    }

    /** As a container starts it: the access keys from a mounted secret, then a chat with one of them. */
    @Test
    void the_gateway_accepts_access_keys_given_as_a_file() throws IOException {
        Path keys = file("access-api-keys", TestGateway.ACCESS_KEY + "\n");
        // TestGateway sets ACCESS_API_KEYS unless given one; an empty one counts as unset.
        try (TestGateway gateway = TestGateway.start("  echo:\n    adapter: echo\n    models: {echo-1: {}}\n",
                Map.of("ACCESS_API_KEYS", "", "ACCESS_API_KEYS_FILE", keys.toString()))) {
            HttpResponse<String> response = gateway.post("/chat/completions",
                    "{\"model\":\"echo/echo-1\",\"messages\":[{\"role\":\"user\",\"content\":\"from a file\"}]}",
                    TestGateway.ACCESS_KEY);
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains("from a file"), response.body());
        }
    }

    @Test
    void a_secret_given_twice_stops_the_process_with_one_line_and_exit_code_2() throws Exception {
        Path key = file("openai-key", SECRET + "\n");
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--config", dir.resolve("never-read.yaml").toString()).directory(dir.toFile());
        builder.environment().put("LLM_BRIDGE_ENV_FILE", dir.resolve("absent.env").toString());
        builder.environment().put("OPENAI_API_KEY", "sk-direct-" + SECRET);
        builder.environment().put("OPENAI_API_KEY_FILE", key.toString());
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, process.exitValue());
        assertEquals(List.of("llm-bridge: configuration error: environment: OPENAI_API_KEY_FILE: "
                        + "both OPENAI_API_KEY and OPENAI_API_KEY_FILE are set; keep one"),
                stderr.lines().filter(line -> line.startsWith("llm-bridge:")).toList());
        assertFalse((stdout + stderr).contains(SECRET), "the secret was shown");
    }
}
