package io.llmbridge.bootstrap;

import io.llmbridge.adapter.out.audit.AuditSettings;
import io.llmbridge.adapter.out.audit.RollingFile;
import io.llmbridge.adapter.out.echo.EchoProviderFactory;
import io.llmbridge.adapter.out.openai.OpenAiProviderFactory;
import io.llmbridge.domain.ModelRoute;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigReaderTest {
    @TempDir
    Path dir;
    private final List<String> warnings = new ArrayList<>();
    private final ConfigReader reader = new ConfigReader(List.of(new OpenAiProviderFactory(), new EchoProviderFactory()), warnings::add);

    private GatewayConfig read(String yaml) throws IOException {
        return read(yaml, Map.of());
    }

    private GatewayConfig read(String yaml, Map<String, String> environment) throws IOException {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, yaml);
        return reader.read(file, environment);
    }

    private String problem(String yaml) {
        ConfigProblem problem = assertThrows(ConfigProblem.class, () -> read(yaml));
        assertEquals(1, problem.getMessage().lines().count(), problem.getMessage());
        assertTrue(problem.getMessage().startsWith(dir.resolve("config.yaml").toString()), problem.getMessage());
        return problem.getMessage();
    }

    @Test
    void reads_the_original_schema_with_dotted_model_names_variants_and_typed_param_values() throws IOException {
        GatewayConfig config = read("""
                server: {port: 8080}
                providers:
                  openai:
                    base_url: https://api.openai.com/v1/chat/completions
                    requires_proxy: true
                    models:
                      gpt-4.1: {max_tokens: 4096, timeout: 30}
                      o3-mini<high>:
                        timeout: 2.5
                        param_config:
                          update_params: {reasoning_effort: high, temperature: 1, top_p: 0.5, stream_usage: true, meta: {a: [1, x]}}
                          add_params: {seed: 1}
                          rename_params: {max_tokens: max_completion_tokens}
                          delete_params: [logprobs]
                proxy: {http: "http://proxy:3128"}
                logging: {level: debug, format: json}
                """);
        assertEquals(8080, config.server().port());
        GatewayConfig.Provider openai = config.providers().getFirst();
        assertEquals("openai", openai.adapter());
        assertEquals("OPENAI_API_KEY", openai.apiKeyVariable());
        assertTrue(openai.requiresProxy());
        ModelRoute gpt = openai.models().get(0);
        assertEquals("openai/gpt-4.1", gpt.ref().id());
        assertEquals(4096L, gpt.maxTokens());
        assertEquals(Duration.ofSeconds(30), gpt.timeout());
        ModelRoute high = openai.models().get(1);
        assertEquals("o3-mini", high.upstreamModel());
        assertEquals(Duration.ofMillis(2500), high.timeout());
        Map<String, Object> update = high.paramRules().update();
        assertEquals("high", update.get("reasoning_effort"));
        assertEquals(1, update.get("temperature"));
        assertEquals("0.5", update.get("top_p").toString());
        assertEquals(true, update.get("stream_usage"));
        assertEquals(Map.of("a", List.of(1, "x")), update.get("meta"));
        assertEquals(Map.of("max_tokens", "max_completion_tokens"), high.paramRules().rename());
        assertEquals(List.of("logprobs"), high.paramRules().delete());
        assertEquals("DEBUG", config.logLevel());
        assertEquals(GatewayConfig.Logging.Format.JSON, config.logging().format());
    }

    @Test
    void defaults_are_port_1219_ten_mib_bodies_and_two_minute_timeouts() throws IOException {
        GatewayConfig config = read("providers:\n  echo:\n    adapter: echo\n    models:\n      echo-1:\n");
        assertEquals(1219, config.server().port());
        assertEquals(10L * 1024 * 1024, config.server().maxBodyBytes());
        assertEquals(Duration.ofSeconds(120), config.providers().getFirst().models().getFirst().timeout());
        assertNull(config.providers().getFirst().models().getFirst().maxTokens());
    }

    @Test
    void the_environment_overrides_the_port() throws IOException {
        assertEquals(9000, read("providers:\n  e:\n    adapter: echo\n    models: {m: {}}\n", Map.of("SERVER_PORT", "9000")).server().port());
    }

    @Test
    void names_the_file_key_and_problem_in_one_line() {
        assertTrue(problem("providers:\n  p:\n    models: {m: {timeout: soon}}\n").endsWith("providers.p.models.m.timeout: must be a positive number, not 'soon'"));
        assertTrue(problem("providers:\n  p:\n    adapter: grpc\n    models: {m: {}}\n").contains("providers.p.adapter: unknown adapter 'grpc'; known: [echo, openai]"));
        assertTrue(problem("providers:\n  p:\n    adapter: openai\n").contains("providers.p.models: a provider needs at least one model"));
        assertTrue(problem("server: {port: 1219}\n").contains("providers: at least one provider is needed"));
        assertTrue(problem("providers:\n  p:\n    models: {m: {max_tokens: -5}}\n").contains("providers.p.models.m.max_tokens: must be a positive whole number"));
        assertTrue(problem("server: {port: 70000}\nproviders: {}\n").contains("server.port"));
        assertTrue(problem("providers:\n  p: [1, 2]\n").contains("providers.p: must be a mapping"));
        assertTrue(problem("providers:\n  p:\n    models: {m: {param_config: {delete_params: top_p}}}\n").contains("delete_params: must be a list of strings"));
    }

    @Test
    void yaml_syntax_errors_name_the_line() {
        String message = problem("providers:\n  p:\n    models: {m: {}\n  q: [\n");
        assertTrue(message.contains("line "), message);
        assertTrue(message.contains("invalid YAML"), message);
    }

    @Test
    void a_missing_file_is_named() {
        ConfigProblem problem = assertThrows(ConfigProblem.class, () -> reader.read(dir.resolve("nope.yaml"), Map.of()));
        assertEquals(dir.resolve("nope.yaml") + ": the file does not exist", problem.getMessage());
    }

    @Test
    void unknown_model_settings_are_warned_about_not_fatal() throws IOException {
        read("providers:\n  p:\n    models: {m: {timout: 5}}\n");
        assertEquals(List.of("providers.p.models.m.timout is not a known setting (known: [deployments, fallbacks, kind, max_tokens, param_config, retries, task_type, timeout]); ignored"), warnings);
    }

    @Test
    void a_model_is_a_chat_model_unless_its_kind_says_embedding_with_an_optional_task() throws IOException {
        GatewayConfig config = read("""
                providers:
                  p:
                    models:
                      chat: {}
                      embed: {kind: embedding, task_type: RETRIEVAL_QUERY}
                """);
        ModelRoute chat = config.providers().getFirst().models().get(0);
        ModelRoute embed = config.providers().getFirst().models().get(1);
        assertEquals(io.llmbridge.domain.ModelKind.CHAT, chat.kind());
        assertEquals(io.llmbridge.domain.ModelKind.EMBEDDING, embed.kind());
        assertEquals("RETRIEVAL_QUERY", embed.embeddingTask());
        assertTrue(problem("providers:\n  p:\n    models: {m: {kind: vision}}\n")
                .endsWith("providers.p.models.m.kind: must be chat or embedding, not 'vision'"));
        assertTrue(problem("providers:\n  p:\n    models: {m: {task_type: RETRIEVAL_QUERY}}\n")
                .endsWith("providers.p.models.m.task_type: applies to embedding models only (kind: embedding)"));
    }

    // --- tracing

    @Test
    void tracing_is_off_without_an_endpoint_and_read_with_its_defaults() throws IOException {
        String base = "providers: {p: {models: {m: {}}}}\n";
        assertEquals(null, read(base).tracing());
        assertEquals(null, read(base + "tracing: {sample_ratio: 0.5}\n").tracing());
        assertEquals(new GatewayConfig.Tracing(java.net.URI.create("http://otel-collector:4318"), 1.0, "llm-bridge", false, 2048),
                read(base + "tracing: {otlp_endpoint: http://otel-collector:4318}\n").tracing());
    }

    @Test
    void bad_tracing_values_are_one_line_naming_the_key() {
        String base = "providers: {p: {models: {m: {}}}}\ntracing:\n  otlp_endpoint: ";
        assertTrue(problem(base + "otel-collector:4318\n").contains("tracing.otlp_endpoint: must be an http or https URL"));
        assertTrue(problem(base + "\"http://u:p@collector:4318\"\n").contains("tracing.otlp_endpoint: must not carry credentials"));
        assertTrue(problem(base + "[1, 2]\n").contains("tracing.otlp_endpoint: must be a non-empty string"));
        assertTrue(problem(base + "http://c:4318\n  sample_ratio: 1.5\n").contains("tracing.sample_ratio: must be a number from 0 to 1"));
        assertTrue(problem(base + "http://c:4318\n  sample_ratio: lots\n").contains("tracing.sample_ratio"));
        assertTrue(problem(base + "http://c:4318\n  service_name: " + "x".repeat(300) + "\n").contains("tracing.service_name"));
        assertTrue(problem(base + "http://c:4318\n  requires_proxy: true\n").contains("tracing.requires_proxy: is true, but no proxy"));
        assertTrue(problem(base + "http://c:4318\n  queue_size: 0\n").contains("tracing.queue_size: must be a whole number from 1 to 100000"));
        assertTrue(problem(base + "http://c:4318\n  queue_size: 99999999999999999999\n").contains("tracing.queue_size"));
        assertTrue(problem(base + "http://c:4318\n  queue_size: [1]\n").contains("tracing.queue_size"));
        assertTrue(problem(base + "http://c:4318\n  queue_size: 1.5\n").contains("tracing.queue_size"));
    }

    // --- resilience

    @Test
    void reads_retries_fallbacks_and_deployments_with_their_defaults() throws IOException {
        GatewayConfig config = read("""
                providers:
                  openai:
                    retries: 3
                    models:
                      gpt-4o:
                        fallbacks: [deepseek/deepseek-chat]
                        deployments:
                          - {provider: azure, weight: 3}
                          - {provider: openai, model: gpt-4o-2024-08-06}
                      gpt-4o-mini: {retries: 0}
                  azure:
                    models: {gpt-4o: {}}
                  deepseek:
                    models: {deepseek-chat: {}}
                """);
        ModelRoute gpt = config.providers().get(0).models().get(0);
        assertEquals(3, gpt.retries());
        assertEquals(List.of(io.llmbridge.domain.ModelRef.parse("deepseek/deepseek-chat")), gpt.fallbacks());
        assertEquals(List.of(new io.llmbridge.domain.Deployment(io.llmbridge.domain.ModelRef.parse("azure/gpt-4o"), 3),
                new io.llmbridge.domain.Deployment(io.llmbridge.domain.ModelRef.parse("openai/gpt-4o-2024-08-06"), 1)), gpt.deployments());
        assertEquals(0, config.providers().get(0).models().get(1).retries());
        assertEquals(ProvidersSection.DEFAULT_RETRIES, config.providers().get(1).models().getFirst().retries());
        assertEquals(io.llmbridge.application.service.ResilienceSettings.DEFAULTS, config.resilience());
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void fallbacks_and_deployments_must_name_what_is_configured() {
        String base = "providers:\n  p:\n    models:\n      m:\n";
        assertTrue(problem(base + "        fallbacks: [q/x]\n").endsWith("providers.p.models.m.fallbacks[0]: no model 'q/x' is configured"));
        assertTrue(problem(base + "        fallbacks: [p/m]\n").endsWith("providers.p.models.m.fallbacks[0]: a model cannot be its own fallback"));
        assertTrue(problem(base + "        fallbacks: [p/e]\n      e: {kind: embedding}\n")
                .endsWith("providers.p.models.m.fallbacks[0]: 'p/e' is not a chat model like the one it stands in for"));
        assertTrue(problem(base + "        fallbacks: [gpt-4o]\n").endsWith("providers.p.models.m.fallbacks[0]: must name a configured model as provider/model, not 'gpt-4o'"));
        assertTrue(problem(base + "        deployments: [{provider: nowhere}]\n").endsWith("providers.p.models.m.deployments[0].provider: no provider 'nowhere' is configured"));
        assertTrue(problem(base + "        deployments: [{model: x}]\n").endsWith("providers.p.models.m.deployments[0].provider: each deployment names its provider"));
        assertTrue(problem(base + "        deployments: [{provider: p, weight: 0}]\n").endsWith("providers.p.models.m.deployments[0].weight: must be a whole number from 1 to 1000, not '0'"));
        assertTrue(problem("providers:\n  p:\n    retries: -1\n    models: {m: {}}\n").endsWith("providers.p.retries: must be a whole number from 0 to 10, not '-1'"));
    }

    @Test
    void reads_backoff_key_cooldown_and_circuit_breaker_settings() throws IOException {
        GatewayConfig config = read("""
                providers:
                  p: {models: {m: {}}}
                resilience:
                  backoff: {initial: 0.002, max: 0.01}
                  key_cooldown: 5
                  circuit_breaker: {failures: 3, delay: 1.5}
                """);
        assertEquals(new io.llmbridge.application.service.ResilienceSettings(Duration.ofMillis(2), Duration.ofMillis(10),
                Duration.ofSeconds(5), 3, Duration.ofMillis(1500)), config.resilience());
        assertTrue(problem("providers: {p: {models: {m: {}}}}\nresilience: {backoff: {initial: 2, max: 1}}\n")
                .endsWith("resilience.backoff.max: must not be shorter than resilience.backoff.initial"));
    }

    // --- proxy and TLS

    private static final String PROXIED = "providers:\n  p:\n    requires_proxy: true\n    models: {m: {}}\n";

    @Test
    void the_proxy_section_gives_the_proxies_with_their_credentials_and_no_proxy_hosts() throws IOException {
        GatewayConfig config = read(PROXIED + """
                proxy:
                  http: "proxy.corp:3128"
                  https: "http://alice:p%40ss%3Aword@proxy.corp:8080/"
                  no_proxy: "localhost, .internal"
                """, Map.of("HTTPS_PROXY", "http://ignored:1"));
        var proxy = config.network().proxy();
        assertEquals(new io.llmbridge.application.port.out.provider.ProxyServer("proxy.corp", 3128, null, null), proxy.http());
        assertEquals("alice", proxy.https().username());
        assertEquals("p@ss:word", proxy.https().password().reveal());
        assertEquals(8080, proxy.https().port());
        assertEquals(List.of("localhost", " .internal"), proxy.noProxy());
        assertEquals(ProxySettings.SECTION_SOURCE, proxy.source(), "the section wins over the environment");
    }

    @Test
    void without_a_proxy_section_the_environment_names_the_proxies_lower_case_first() throws IOException {
        GatewayConfig config = read(PROXIED, Map.of("HTTPS_PROXY", "http://upper:1", "https_proxy", "http://lower:2",
                "HTTP_PROXY", "http://plain:3", "NO_PROXY", "a.example,b.example"));
        var proxy = config.network().proxy();
        assertEquals("lower", proxy.https().host());
        assertEquals("plain", proxy.http().host());
        assertEquals(List.of("a.example", "b.example"), proxy.noProxy());
        assertEquals(ProxySettings.ENVIRONMENT_SOURCE, proxy.source());
    }

    @Test
    void the_environments_proxies_are_not_read_when_no_provider_requires_one() throws IOException {
        GatewayConfig config = read("providers:\n  p:\n    models: {m: {}}\n", Map.of("HTTPS_PROXY", "socks5://h:1080"));
        assertNull(config.network().proxy());
    }

    @Test
    void a_provider_that_requires_a_proxy_without_one_stops_the_start() {
        assertTrue(problem(PROXIED).endsWith("providers.p.requires_proxy: is true, but no proxy is configured: add a proxy "
                + "section (http, https) or set HTTPS_PROXY/HTTP_PROXY in the environment"));
    }

    @Test
    void socks_and_tls_proxies_are_refused_in_one_line_that_never_shows_the_password() {
        String socks = problem(PROXIED + "proxy: {https: \"socks5://bob:hunter2@proxy.corp:1080\"}\n");
        assertTrue(socks.endsWith("proxy.https: SOCKS proxies are not supported; use an HTTP proxy (http://host:port), "
                + "which also tunnels https upstreams with CONNECT"), socks);
        assertFalse(socks.contains("hunter2"));
        String tls = problem(PROXIED + "proxy: {https: \"https://bob:hunter2@proxy.corp:443\"}\n");
        assertTrue(tls.contains("proxy.https: https:// proxies (TLS to the proxy itself) are not supported"), tls);
        assertFalse(tls.contains("hunter2"));
        String broken = problem(PROXIED + "proxy: {http: \"http://bob:hunter2@\"}\n");
        assertFalse(broken.contains("hunter2"), broken);
        ConfigProblem fromEnvironment = assertThrows(ConfigProblem.class,
                () -> read(PROXIED, Map.of("https_proxy", "socks5h://bob:hunter2@proxy.corp:1080")));
        assertTrue(fromEnvironment.getMessage().startsWith("environment: https_proxy: SOCKS proxies are not supported"));
        assertFalse(fromEnvironment.getMessage().contains("hunter2"));
    }

    private Path mockServerCaPem() throws IOException {
        Path pem = dir.resolve("corp-ca.pem");
        try (var in = org.mockserver.integration.ClientAndServer.class.getResourceAsStream("/org/mockserver/socket/CertificateAuthorityCertificate.pem")) {
            Files.write(pem, in.readAllBytes());
        }
        return pem;
    }

    @Test
    void the_trust_store_may_be_a_pem_bundle() throws Exception {
        Path pem = mockServerCaPem();
        Files.writeString(pem, Files.readString(pem) + Files.readString(pem));
        GatewayConfig config = read("providers: {p: {models: {m: {}}}}\ntls: {trust_store: " + pem + "}\n");
        assertEquals(2, config.network().extraTrust().size());
        assertTrue(config.network().extraTrust().getFirst().getSubjectX500Principal().getName().contains("MockServer"));
    }

    @Test
    void the_trust_store_may_be_a_pkcs12_file_whose_password_comes_from_the_environment() throws Exception {
        var certificate = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(mockServerCaPem()));
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("corp", certificate);
        Path p12 = dir.resolve("corp.p12");
        try (var out = Files.newOutputStream(p12)) {
            store.store(out, "changeit".toCharArray());
        }
        String yaml = "providers: {p: {models: {m: {}}}}\ntls: {trust_store: " + p12 + "}\n";
        GatewayConfig config = read(yaml, Map.of(TrustStoreFile.PASSWORD_VARIABLE, "changeit"));
        assertEquals(List.of(certificate), config.network().extraTrust());
        ConfigProblem wrongPassword = assertThrows(ConfigProblem.class, () -> read(yaml, Map.of(TrustStoreFile.PASSWORD_VARIABLE, "nope")));
        assertTrue(wrongPassword.getMessage().contains("tls.trust_store: "), wrongPassword.getMessage());
        assertFalse(wrongPassword.getMessage().contains("changeit"));
    }

    @Test
    void an_unreadable_trust_store_stops_the_start_in_one_line() throws IOException {
        assertTrue(problem("providers: {p: {models: {m: {}}}}\ntls: {trust_store: " + dir.resolve("none.pem") + "}\n")
                .contains("tls.trust_store: cannot read " + dir.resolve("none.pem")));
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
        assertTrue(problem("providers: {p: {models: {m: {}}}}\ntls: {trust_store: " + junk + "}\n")
                .contains("tls.trust_store: " + junk + " is neither a PEM bundle of certificates nor a PKCS12 file"));
    }

    @Test
    void insecure_skip_verify_is_a_provider_setting() throws IOException {
        GatewayConfig config = read("providers:\n  p:\n    tls: {insecure_skip_verify: true}\n    models: {m: {}}\n  q:\n    models: {m: {}}\n");
        assertTrue(config.providers().get(0).insecureSkipVerify());
        assertFalse(config.providers().get(1).insecureSkipVerify());
    }

    @Test
    void the_complete_example_of_the_corporate_network_guide_is_valid() throws Exception {
        String guide = Files.readString(Path.of("../docs/corporate-network.md"));
        int example = guide.indexOf("## A complete example");
        int start = guide.indexOf("```yaml\n", example) + "```yaml\n".length();
        String yaml = guide.substring(start, guide.indexOf("```", start))
                .replace("/etc/llm-bridge/company-ca.pem", mockServerCaPem().toString());

        GatewayConfig config = read(yaml);

        assertEquals(List.of("openai", "azure-east", "azure-west", "azure", "deepseek", "vllm"),
                config.providers().stream().map(GatewayConfig.Provider::name).toList());
        assertEquals("Pa$$word", config.network().proxy().https().password().reveal());
        assertEquals(1, config.network().extraTrust().size());
        assertEquals(2, config.providers().get(3).models().getFirst().deployments().size());
        assertEquals(3, config.providers().getFirst().models().get(1).retries());
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void stream_usage_must_be_true_or_false() throws IOException {
        assertTrue(problem("""
                providers:
                  local:
                    stream_usage: "off"
                    models: {m: {}}
                """).endsWith("providers.local.stream_usage: must be true or false, not 'off'"));
        assertEquals(false, read("""
                providers:
                  local:
                    stream_usage: false
                    models: {m: {}}
                """).providers().getFirst().options().get("stream_usage"));
    }

    @Test
    void a_provider_key_that_neither_the_gateway_nor_its_adapter_reads_is_warned_about() throws IOException {
        read("""
                providers:
                  local:
                    stream_usage: false
                    models: {m: {}}
                  e:
                    adapter: echo
                    stream_usage: false
                    base_ulr: http://example.com
                    models: {m: {}}
                """);
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("providers.e.stream_usage is not a known setting"), warnings.get(0));
        assertTrue(warnings.get(1).startsWith("providers.e.base_ulr is not a known setting"), warnings.get(1));
    }

    @Test
    void metrics_carry_key_names_only_when_asked_to() throws IOException {
        String providers = "providers:\n  local:\n    models: {m: {}}\n";
        assertEquals(false, read(providers).metrics().perKey());
        assertEquals(true, read(providers + "metrics:\n  per_key: true\n").metrics().perKey());
        assertTrue(problem(providers + "metrics:\n  per_key: sometimes\n").endsWith("metrics.per_key: must be true or false, not 'sometimes'"));
        read(providers + "metrics:\n  per_team: true\n");
        assertEquals(List.of("metrics.per_team is not a known setting (known: [per_key]); ignored"), warnings);
    }

    @Test
    void the_shipped_configuration_reads_without_warnings() {
        GatewayConfig config = new ConfigReader(ProviderRegistry.factories().values(), warnings::add)
                .read(Path.of("..", Main.DEFAULT_CONFIG), Map.of());
        assertEquals(false, config.metrics().perKey());
        assertEquals(true, config.providers().stream().filter(p -> p.name().equals("deepseek")).findFirst().orElseThrow()
                .options().get("stream_usage"));
        assertEquals(List.of(), warnings);
    }

    private static final String ECHO = "providers:\n  e:\n    adapter: echo\n    models: {m: {}}\n";

    @Test
    void the_logging_section_keeps_the_original_keys_and_adds_the_audit() throws IOException {
        GatewayConfig.Logging logging = read(ECHO + """
                server: {trusted_proxies: ["10.0.0.0/8", "::1"]}
                logging:
                  format: text
                  level: warning
                  output:
                    console: false
                    file: {path: app/bridge.log, max_size: 2048, backup_count: 3}
                  audit:
                    path: trail/audit.log
                    max_size: 4096
                    backup_count: 7
                    include_content: true
                    max_content_chars: 500
                    logstash: {host: logstash.internal, port: 5000}
                """).logging();
        assertEquals(GatewayConfig.Logging.Format.TEXT, logging.format());
        assertEquals("WARN", logging.level());
        assertEquals(false, logging.console());
        assertEquals(new RollingFile(Path.of("app/bridge.log"), 2048, 3), logging.file());
        assertEquals(new RollingFile(Path.of("trail/audit.log"), 4096, 7), logging.audit().file());
        assertTrue(logging.audit().includeContent());
        assertEquals(500, logging.audit().maxContentChars());
        assertEquals(new AuditSettings.Logstash("logstash.internal", 5000), logging.audit().logstash());
    }

    @Test
    void logstash_may_be_reached_over_tls() throws IOException {
        GatewayConfig.Logging logging = read(ECHO + "logging: {audit: {logstash: {host: logstash.internal, port: 5044, tls: true}}}\n").logging();
        assertTrue(logging.audit().logstash().tls());
    }

    @Test
    void without_a_logging_section_the_log_is_json_on_the_console_and_the_audit_in_logs() throws IOException {
        GatewayConfig config = read(ECHO);
        GatewayConfig.Logging logging = config.logging();
        assertEquals(GatewayConfig.Logging.Format.JSON, logging.format());
        assertEquals("INFO", logging.level());
        assertTrue(logging.console());
        assertNull(logging.file());
        assertEquals(new RollingFile(Path.of("logs/audit.log"), 10L * 1024 * 1024, 5), logging.audit().file());
        assertEquals(false, logging.audit().includeContent());
        assertNull(logging.audit().logstash());
        assertEquals("10.9.8.7", config.server().trustedProxies().clientIp(java.net.InetAddress.getByName("10.9.8.7"), List.of("1.2.3.4")),
                "no proxy is trusted by default");
        assertEquals(new RollingFile(Path.of("logs/llm-bridge.log"), 10L * 1024 * 1024, 5),
                read(ECHO + "logging: {output: {file: {}}}\n").logging().file());
    }

    @Test
    void bad_logging_settings_are_named() {
        assertTrue(problem(ECHO + "logging: {format: xml}\n").endsWith("logging.format: must be json or text, not 'xml'"));
        assertTrue(problem(ECHO + "logging: {level: verbose}\n").endsWith("logging.level: must be one of trace, debug, info, warn, error, not 'verbose'"));
        assertTrue(problem(ECHO + "logging: {output: {file: {backup_count: 0}}}\n").endsWith("logging.output.file.backup_count: must be a whole number from 1 to 20, not '0'"));
        assertTrue(problem(ECHO + "logging: {output: {file: {max_size: 10MB}}}\n").contains("logging.output.file.max_size: must be a positive whole number"));
        assertTrue(problem(ECHO + "logging: {audit: {include_content: yes please}}\n").contains("logging.audit.include_content: must be true or false"));
        assertTrue(problem(ECHO + "logging: {audit: {logstash: {port: 5000}}}\n").endsWith("logging.audit.logstash.host: is required to ship the audit to Logstash"));
        assertTrue(problem(ECHO + "logging: {audit: {logstash: {host: h, port: 0}}}\n").contains("logging.audit.logstash.port: must be a whole number from 1 to 65535"));
        assertTrue(problem(ECHO + "server: {trusted_proxies: [lb.internal]}\n").endsWith("server.trusted_proxies: 'lb.internal' is not an IP address or CIDR range"));
    }

    @Test
    void unknown_logging_settings_are_warned_about() throws IOException {
        read(ECHO + "logging: {audit: {pth: x}}\n");
        assertEquals(List.of("logging.audit.pth is not a known setting (known: [backup_count, include_content, logstash, max_content_chars, max_size, path]); ignored"), warnings);
    }
}
