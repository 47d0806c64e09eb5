package io.llmbridge.bootstrap;

import io.llmbridge.adapter.out.audit.RollingFile;
import io.llmbridge.domain.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoggingSetupTest {
    @TempDir
    Path dir;

    @AfterEach
    void restore() {
        LoggingSetup.mask(List.of());
        TestGateway.restoreTestLogging();
    }

    private static GatewayConfig config(GatewayConfig.Logging logging) {
        return new GatewayConfig(Path.of("test.yaml"), null, List.of(), logging, new GatewayConfig.Metrics(false),
                GatewayConfig.Network.NONE, io.llmbridge.application.service.ResilienceSettings.DEFAULTS, null, true,
                io.llmbridge.domain.Prices.NONE, LimitsSection.Limits.NONE, null);
    }

    @Test
    void the_application_log_file_rolls_by_size_and_keeps_backup_count_archives() throws IOException {
        Path file = dir.resolve("llm-bridge.log");
        LoggingSetup.apply(config(new GatewayConfig.Logging(GatewayConfig.Logging.Format.TEXT, "INFO", false,
                new RollingFile(file, 1_000, 2), null)));
        Logger log = LoggerFactory.getLogger(LoggingSetupTest.class);
        // Synchronous appender: each line is on disk when info() returns, so this needs no waiting.
        for (int i = 0; i < 200; i++) {
            log.info("line {} of a log that has to roll a few times over", i);
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of("llm-bridge.log", "llm-bridge.log.1", "llm-bridge.log.2"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        List<String> newest = Files.readAllLines(file);
        assertTrue(newest.getLast().contains("line 199 "), newest.getLast());
        assertTrue(Files.size(dir.resolve("llm-bridge.log.2")) < 1_000 + newest.getLast().length() + 1);
    }

    @Test
    void every_line_is_masked_of_the_keys_however_short_and_wherever_they_appear() throws IOException {
        Path file = dir.resolve("app.log");
        LoggingSetup.apply(config(new GatewayConfig.Logging(GatewayConfig.Logging.Format.JSON, "INFO", false,
                new RollingFile(file, 1_000_000, 1), null)));
        LoggingSetup.mask(List.of(new Secret("abc"), new Secret("sk-provider/key=9f2e")));
        Logger log = LoggerFactory.getLogger(LoggingSetupTest.class);
        log.info("access key abc in a message, provider key {} as an argument", "sk-provider/key=9f2e");
        log.warn("upstream failed", new IllegalStateException("upstream echoed sk-provider/key=9f2e and abc"));
        String written = Files.readString(file);
        assertFalse(written.contains("abc"), written);
        assertFalse(written.contains("9f2e"), written);
        assertTrue(written.contains("access key [REDACTED] in a message, provider key [REDACTED] as an argument"), written);
    }

    @Test
    void a_log_file_that_cannot_be_written_stops_the_start_naming_the_key() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "");
        ConfigProblem problem = org.junit.jupiter.api.Assertions.assertThrows(ConfigProblem.class, () -> LoggingSetup.apply(config(
                new GatewayConfig.Logging(GatewayConfig.Logging.Format.JSON, "INFO", false,
                        new RollingFile(notADirectory.resolve("app.log"), 1_000, 1), null))));
        assertTrue(problem.getMessage().startsWith("test.yaml: logging.output.file.path: cannot write to "), problem.getMessage());
    }
}
