package io.llmbridge.bootstrap;

import io.llmbridge.adapter.support.json.PlainJson;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The audit shipped over TCP, to a server socket standing in for Logstash's tcp input (json_lines). */
class LogstashEndToEndTest {
    @Test
    void the_wired_gateway_ships_each_request_as_one_json_line() throws IOException {
        try (ServerSocket logstash = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            logstash.setSoTimeout(30_000);
            TestGateway gateway = TestGateway.start("", """
                      echo:
                        adapter: echo
                        models:
                          echo-1: {}
                    """, Map.of(), dir -> """
                    logging:
                      level: warn
                      audit:
                        path: "%s"
                        include_content: true
                        max_content_chars: 5
                        logstash: {host: 127.0.0.1, port: %d}
                    """.formatted(dir.resolve("audit.log"), logstash.getLocalPort()));
            Map<String, Map<String, Object>> received = new HashMap<>();
            String ok;
            String refused;
            try {
                ok = TestGateway.requestId(gateway.chat(
                        "{\"model\":\"echo/echo-1\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello Logstash\"}]}"));
                HttpResponse<String> bad = gateway.post("/chat/completions", "{}", "not-a-key-at-all");
                refused = TestGateway.requestId(bad);
                try (Socket connection = logstash.accept()) {
                    connection.setSoTimeout(30_000);
                    BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8));
                    while (!received.containsKey(ok) || !received.containsKey(refused)) {
                        String line = in.readLine();
                        if (line == null) {
                            break;
                        }
                        Map<String, Object> event = PlainJson.parseObject(line);
                        received.put((String) event.get("llm.request_id"), event);
                    }
                }
            } finally {
                gateway.close();
            }

            Map<String, Object> success = received.get(ok);
            assertEquals("success", success.get("event.outcome"));
            assertEquals("test-team", success.get("user.name"));
            assertEquals("echo", success.get("llm.provider"));
            assertEquals("user:…", success.get("llm.prompt"), "content is cut to max_content_chars");
            assertEquals("Hello…", success.get("llm.completion"));
            assertEquals(true, success.containsKey("llm.usage.total_tokens"));

            Map<String, Object> failure = received.get(refused);
            assertEquals("failure", failure.get("event.outcome"));
            assertFalse(failure.containsKey("user.name"));
            assertEquals("invalid_api_key", failure.get("error.code"));
            assertEquals(2, received.size(), "one event per request: " + received);

            // The same events went to the file.
            assertEquals(received.keySet(), new java.util.HashSet<>(gateway.auditEvents().stream()
                    .map(event -> (String) event.get("llm.request_id")).toList()));
        }
    }
}
