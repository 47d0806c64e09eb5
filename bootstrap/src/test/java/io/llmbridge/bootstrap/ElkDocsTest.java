package io.llmbridge.bootstrap;

import io.llmbridge.adapter.out.audit.AuditFields;
import io.llmbridge.adapter.support.json.PlainJson;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/elk and docs/audit-log.md are configuration and reference: they must parse and agree with the code. */
class ElkDocsTest {
    private static final String DATA_STREAM = "logs-llm_bridge.audit-default";
    private static final Path DOCS = docs();

    /** Surefire runs in the module's folder; the docs are at the repository's root. */
    private static Path docs() {
        Path docs = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent().resolve("docs");
        assertTrue(Files.isDirectory(docs.resolve("elk")), "docs/elk not found from " + System.getProperty("user.dir"));
        return docs;
    }

    private static String read(String file) throws IOException {
        return Files.readString(DOCS.resolve(file));
    }

    /** Field path → type, with object properties flattened to dotted names. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> mappedFields() throws IOException {
        Map<String, Object> template = PlainJson.parseObject(read("elk/index-template.json"));
        Map<String, Object> mappings = (Map<String, Object>) ((Map<String, Object>) template.get("template")).get("mappings");
        Map<String, String> fields = new TreeMap<>();
        flatten("", (Map<String, Object>) mappings.get("properties"), fields);
        return fields;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> properties, Map<String, String> fields) {
        properties.forEach((name, value) -> {
            Map<String, Object> field = (Map<String, Object>) value;
            if (field.get("properties") instanceof Map<?, ?> nested) {
                flatten(prefix + name + ".", (Map<String, Object>) nested, fields);
            } else {
                fields.put(prefix + name, (String) field.get("type"));
            }
        });
    }

    @Test
    void the_index_template_maps_every_field_the_audit_writes_with_a_fitting_type() throws IOException {
        Map<String, String> mapped = mappedFields();
        List<String> missing = AuditFields.ALL.stream().filter(field -> !mapped.containsKey(field)).toList();
        assertEquals(List.of(), missing, "fields the gateway writes that the template does not map");
        assertEquals("date", mapped.get("@timestamp"));
        assertEquals("ip", mapped.get("client.ip"));
        assertEquals("long", mapped.get("event.duration"));
        assertEquals("boolean", mapped.get("llm.stream"));
        assertEquals("long", mapped.get("llm.usage.total_tokens"));
        assertEquals("long", mapped.get("http.response.status_code"));
        assertEquals(List.of(), mapped.keySet().stream().filter(field -> !AuditFields.ALL.contains(field)).toList(),
                "the template maps fields the gateway never writes");
    }

    @SuppressWarnings("unchecked")
    @Test
    void the_index_template_is_a_data_stream_template_for_the_stream_both_routes_write_to() throws IOException {
        Map<String, Object> template = PlainJson.parseObject(read("elk/index-template.json"));
        assertTrue(template.containsKey("data_stream"));
        List<String> patterns = (List<String>) template.get("index_patterns");
        assertTrue(patterns.stream().anyMatch(pattern -> DATA_STREAM.matches(pattern.replace(".", "\\.").replace("*", ".*"))), patterns.toString());
    }

    @SuppressWarnings("unchecked")
    @Test
    void the_filebeat_input_reads_the_audit_file_as_ndjson_into_the_data_stream() throws IOException {
        Map<String, Object> filebeat = new Yaml(new SafeConstructor(new LoaderOptions())).load(read("elk/filebeat.yml"));
        Map<String, Object> input = ((List<Map<String, Object>>) filebeat.get("filebeat.inputs")).getFirst();
        assertEquals("filestream", input.get("type"));
        assertTrue(((List<String>) input.get("paths")).getFirst().endsWith("audit.log"));
        Map<String, Object> ndjson = (Map<String, Object>) ((List<Map<String, Object>>) input.get("parsers")).getFirst().get("ndjson");
        assertEquals(true, ndjson.get("expand_keys"), "flat ECS keys become objects");
        assertEquals(true, ndjson.get("overwrite_keys"), "the gateway's @timestamp is kept");
        assertEquals(DATA_STREAM, input.get("index"));
    }

    @Test
    void the_logstash_pipeline_takes_json_lines_over_tcp_into_the_data_stream() throws IOException {
        String pipeline = read("elk/logstash.conf").replaceAll("(?m)#.*$", "");
        assertEquals(pipeline.chars().filter(c -> c == '{').count(), pipeline.chars().filter(c -> c == '}').count(), "balanced braces");
        assertTrue(pipeline.matches("(?s).*input\\s*\\{\\s*tcp\\s*\\{[^}]*codec\\s*=>\\s*json_lines.*"), "a tcp input with the json_lines codec");
        assertTrue(pipeline.contains("data_stream_type => \"logs\""));
        assertTrue(pipeline.contains("data_stream_dataset => \"llm_bridge.audit\""));
        assertTrue(pipeline.contains("data_stream_namespace => \"default\""));
    }

    @Test
    void the_audit_log_reference_lists_every_field_and_its_examples_are_real_events() throws IOException {
        String reference = read("audit-log.md");
        for (String field : AuditFields.ALL) {
            assertTrue(reference.contains("| `" + field + "` |"), field + " is missing from the table in docs/audit-log.md");
        }
        Matcher blocks = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(reference);
        List<Map<String, Object>> examples = new ArrayList<>();
        while (blocks.find()) {
            blocks.group(1).lines().forEach(line -> examples.add(PlainJson.parseObject(line)));
        }
        assertFalse(examples.isEmpty());
        for (Map<String, Object> example : examples) {
            assertTrue(AuditFields.ALL.containsAll(example.keySet()), "unknown fields in an example: " + example.keySet());
            assertEquals("llm_bridge.audit", example.get("event.dataset"));
        }
    }
}
