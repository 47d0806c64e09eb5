package io.llmbridge.adapter.out.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmbridge.domain.ChatRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class LogbackAuditLogTest {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

    @TempDir
    Path dir;

    static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    private LogbackAuditLog open(RollingFile file) {
        return LogbackAuditLog.open(new AuditSettings(file, null, List.of()));
    }

    @Test
    void each_request_is_one_json_line_of_timestamp_and_audit_fields_only() throws IOException {
        Path path = dir.resolve("logs/audit.log");
        ChatRecord record = Records.success();
        try (LogbackAuditLog audit = open(new RollingFile(path, 10_000_000, 3))) {
            audit.record(record);
        }
        List<String> lines = Files.readAllLines(path);
        assertEquals(1, lines.size());
        JsonNode event = parse(lines.getFirst());
        assertTrue(TIMESTAMP.matcher(event.get("@timestamp").asText()).matches(), event.toString());
        assertEquals(record.request().context().requestId(), event.get("llm.request_id").asText());
        assertEquals(17, event.get("llm.usage.total_tokens").asInt());
        event.fieldNames().forEachRemaining(name -> assertTrue(AuditFields.ALL.contains(name), name));
    }

    @Test
    void events_reach_the_file_while_the_gateway_runs_also_after_a_quiet_spell() throws IOException {
        Path path = dir.resolve("audit.log");
        try (LogbackAuditLog audit = open(new RollingFile(path, 10_000_000, 1))) {
            audit.record(Records.success());
            awaitLines(path, 1);
            // After a second with nothing to write, the writer waits to be woken instead of polling.
            awaitWriterWaiting();
            audit.record(Records.success());
            awaitLines(path, 2);
        }
    }

    private static void awaitLines(Path path, int lines) throws IOException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(path) || Files.readAllLines(path).size() < lines) {
            if (System.nanoTime() > deadline) {
                fail("the audit file did not get " + lines + " line(s) while open");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L); // polls a condition, bounded by the deadline
        }
    }

    private static void awaitWriterWaiting() {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (Thread.getAllStackTraces().keySet().stream().noneMatch(thread ->
                thread.getName().equals("llm-bridge-audit-file-queue") && thread.getState() == Thread.State.WAITING)) {
            if (System.nanoTime() > deadline) {
                fail("the audit writer never went to wait for events");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L); // polls a condition, bounded by the deadline
        }
    }

    @Test
    void close_writes_out_every_queued_event() throws IOException {
        Path path = dir.resolve("audit.log");
        int count = 5000;
        try (LogbackAuditLog audit = open(new RollingFile(path, 100_000_000, 1))) {
            for (int i = 0; i < count; i++) {
                audit.record(Records.success());
            }
        }
        assertEquals(count, Files.readAllLines(path).size());
    }

    @Test
    void the_file_rolls_by_size_and_keeps_backup_count_archives() throws IOException {
        Path path = dir.resolve("audit.log");
        int backups = 2;
        Path oldest = dir.resolve("audit.log." + backups);
        long deadline = System.nanoTime() + 60_000_000_000L;
        try (LogbackAuditLog audit = open(new RollingFile(path, 2_000, backups))) {
            String firstOldest = null;
            // Write until the oldest archive exists and has since been replaced by a later roll.
            while (firstOldest == null || firstOldest.equals(firstLine(oldest))) {
                if (System.nanoTime() > deadline) {
                    fail("no second roll over a full window within a minute; files: " + files());
                }
                for (int i = 0; i < 20; i++) {
                    audit.record(Records.success());
                }
                if (firstOldest == null) {
                    firstOldest = firstLine(oldest);
                }
            }
        }
        assertEquals(List.of("audit.log", "audit.log.1", "audit.log.2"), files());
        for (String name : files()) {
            List<String> lines = Files.readAllLines(dir.resolve(name));
            lines.forEach(LogbackAuditLogTest::parse);
            long lastLine = lines.getLast().length() + 1;
            assertTrue(Files.size(dir.resolve(name)) < 2_000 + lastLine, name + " grew past max_size by more than one event");
        }
    }

    private List<String> files() {
        try (var list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first line, or null while the file does not exist (or is being renamed). */
    private static String firstLine(Path file) {
        try (var lines = Files.lines(file)) {
            return lines.findFirst().orElse(null);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    @Test
    void content_is_written_when_the_record_carries_it() throws IOException {
        Path path = dir.resolve("audit.log");
        try (LogbackAuditLog audit = open(new RollingFile(path, 10_000_000, 1))) {
            audit.record(Records.withContent("user: hi", "hello"));
            audit.record(Records.success());
        }
        List<String> lines = Files.readAllLines(path);
        assertEquals("hello", parse(lines.get(0)).get("llm.completion").asText());
        assertFalse(parse(lines.get(1)).has("llm.prompt"));
    }

    static List<JsonNode> events(Path path) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(path)) {
            events.add(parse(line));
        }
        return events;
    }
}
