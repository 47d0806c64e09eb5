package io.llmbridge.bootstrap;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Dockerfile, the Kubernetes manifests and the compose stack can be neither built nor run in
 * {@code mvn verify}; this holds them to the promises docs/deployment.md makes about them.
 */
class DeploymentManifestsTest {
    /** Surefire runs in the module's folder; deploy/ is at the repository's root. */
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    private static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");
    private static final int MANAGEMENT_PORT = 9219;
    /** The drain's defaults as issue 20 specifies them, for a configuration that leaves them out. */
    private static final long DEFAULT_DRAIN_DELAY = 5;
    private static final long DEFAULT_DRAIN_GRACE = 30;

    private static List<Object> documents(Path file) throws IOException {
        List<Object> documents = new ArrayList<>();
        new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(file)).forEach(documents::add);
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            assertTrue(current instanceof Map<?, ?>, "no mapping at " + key + " in " + String.join(".", path));
            current = ((Map<String, Object>) current).get(key);
        }
        assertTrue(current instanceof Map<?, ?>, String.join(".", path) + " is a mapping");
        return (Map<String, Object>) current;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> node, String key) {
        assertTrue(node.get(key) instanceof List<?>, key + " is a list");
        return (List<Object>) node.get(key);
    }

    private static Map<String, Object> kubernetes(String file, String kind) throws IOException {
        List<Object> documents = documents(KUBERNETES.resolve(file));
        assertEquals(1, documents.size(), file + " holds one object");
        Map<String, Object> object = map(documents.getFirst());
        assertEquals(kind, object.get("kind"), file);
        return object;
    }

    private static Map<String, Object> gatewayContainer() throws IOException {
        List<Object> containers = list(map(kubernetes("deployment.yaml", "Deployment"), "spec", "template", "spec"), "containers");
        assertEquals(1, containers.size());
        return map(containers.getFirst());
    }

    @Test
    void every_yaml_file_of_the_deployment_parses() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(ROOT.resolve("deploy"))) {
            files = new ArrayList<>(walk.filter(file -> file.toString().endsWith(".yaml")).sorted().toList());
        }
        files.add(ROOT.resolve("configs/container.yaml"));
        assertTrue(files.size() >= 10, "found " + files);
        for (Path file : files) {
            List<Object> documents = documents(file);
            assertFalse(documents.isEmpty(), file + " is empty");
            documents.forEach(document -> assertTrue(document instanceof Map<?, ?>, file + " holds mappings"));
        }
    }

    @Test
    void the_configurations_the_image_and_the_cluster_start_with_are_accepted_by_the_gateway() {
        for (Path file : List.of(ROOT.resolve("configs/container.yaml"), KUBERNETES.resolve("config.yaml"))) {
            List<String> warnings = new ArrayList<>();
            new ConfigReader(ProviderRegistry.factories().values(), warnings::add).read(file, Map.of());
            assertEquals(List.of(), warnings, file.toString());
        }
    }

    @Test
    void kustomize_finds_every_file_it_names() throws IOException {
        Map<String, Object> kustomization = map(documents(KUBERNETES.resolve("kustomization.yaml")).getFirst());
        List<Object> files = new ArrayList<>(list(kustomization, "resources"));
        list(kustomization, "configMapGenerator").forEach(generator -> files.addAll(list(map(generator), "files")));
        files.forEach(file -> assertTrue(Files.isRegularFile(KUBERNETES.resolve((String) file)), file + " exists"));
        try (Stream<Path> manifests = Files.list(KUBERNETES)) {
            List<String> unused = manifests.map(path -> path.getFileName().toString())
                    .filter(name -> !name.equals("kustomization.yaml") && !files.contains(name)).toList();
            assertEquals(List.of(), unused, "files kustomization.yaml does not apply");
        }
    }

    @Test
    void every_probe_asks_the_management_port_and_liveness_is_what_the_image_checks_too() throws IOException {
        Map<String, Object> container = gatewayContainer();
        Map<String, Object> ports = new java.util.HashMap<>();
        list(container, "ports").forEach(port -> ports.put((String) map(port).get("name"), map(port).get("containerPort")));
        assertEquals(MANAGEMENT_PORT, ports.get("management"));
        Map<String, Object> server = map(documents(KUBERNETES.resolve("config.yaml")).getFirst(), "server");
        assertEquals(MANAGEMENT_PORT, server.get("management_port"), "the ConfigMap's config serves /observe on the probed port");
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            Map<String, Object> httpGet = map(container, probe, "httpGet");
            assertEquals("management", httpGet.get("port"), probe);
            assertEquals(probe.equals("readinessProbe") ? "/observe/health/ready" : "/observe/health/live", httpGet.get("path"), probe);
        }
        assertTrue(Files.readString(ROOT.resolve("deploy/docker/healthcheck")).contains("GET /observe/health/live "));
        assertEquals(MANAGEMENT_PORT, map(documents(ROOT.resolve("configs/container.yaml")).getFirst(), "server").get("management_port"));
        assertTrue(dockerfile().contains("EXPOSE 1219 " + MANAGEMENT_PORT), "the image exposes the API and management ports");
    }

    @Test
    void kubernetes_waits_longer_than_the_drain_before_it_kills_the_pod_and_needs_no_pre_stop_hook() throws IOException {
        Map<String, Object> server = map(documents(KUBERNETES.resolve("config.yaml")).getFirst(), "server");
        Map<String, Object> drain = server.get("drain") instanceof Map<?, ?> ? map(server, "drain") : Map.of();
        long delay = ((Number) drain.getOrDefault("delay", DEFAULT_DRAIN_DELAY)).longValue();
        long grace = ((Number) drain.getOrDefault("grace", DEFAULT_DRAIN_GRACE)).longValue();
        Map<String, Object> pod = map(kubernetes("deployment.yaml", "Deployment"), "spec", "template", "spec");
        long terminationGrace = ((Number) pod.get("terminationGracePeriodSeconds")).longValue();
        assertTrue(terminationGrace > delay + grace,
                "terminationGracePeriodSeconds " + terminationGrace + " > drain delay " + delay + " + grace " + grace);
        assertFalse(gatewayContainer().containsKey("lifecycle"), "the drain delay replaces a preStop sleep");
        Map<String, Object> compose = map(documents(ROOT.resolve("deploy/compose.yaml")).getFirst(), "services");
        for (String gateway : List.of("gateway-1", "gateway-2")) {
            assertTrue(Long.parseLong(((String) map(compose, gateway).get("stop_grace_period")).replace("s", "")) > delay + grace, gateway);
        }
    }

    @Test
    void the_pod_runs_as_a_non_root_user_with_a_read_only_root_and_no_privileges() throws IOException {
        Map<String, Object> pod = map(kubernetes("deployment.yaml", "Deployment"), "spec", "template", "spec", "securityContext");
        assertEquals(true, pod.get("runAsNonRoot"));
        assertEquals("RuntimeDefault", map(pod, "seccompProfile").get("type"));
        Map<String, Object> container = map(gatewayContainer(), "securityContext");
        assertEquals(true, container.get("runAsNonRoot"));
        assertEquals(true, container.get("readOnlyRootFilesystem"));
        assertEquals(false, container.get("allowPrivilegeEscalation"));
        assertEquals(List.of("ALL"), list(map(container, "capabilities"), "drop"));
        assertEquals(imageUser(), pod.get("runAsUser"), "the pod runs as the image's user");
    }

    @Test
    void the_image_runs_as_a_numeric_non_root_user() throws IOException {
        int user = imageUser();
        assertNotEquals(0, user, "USER is not root");
    }

    /** The last USER line: numeric, so that Kubernetes can check runAsNonRoot against it. */
    private static int imageUser() throws IOException {
        Matcher users = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(dockerfile());
        String user = null;
        while (users.find()) {
            user = users.group(1);
        }
        assertTrue(user != null && user.matches("\\d+(:\\d+)?"), "USER is numeric: " + user);
        return Integer.parseInt(user.split(":")[0]);
    }

    private static String dockerfile() throws IOException {
        return Files.readString(ROOT.resolve("Dockerfile"));
    }

    @Test
    void compose_puts_two_gateways_built_from_this_repository_behind_the_balancer() throws IOException {
        Map<String, Object> services = map(documents(ROOT.resolve("deploy/compose.yaml")).getFirst(), "services");
        List<String> gateways = services.keySet().stream()
                .filter(name -> map(services, name).get("build") instanceof Map<?, ?> build && "..".equals(build.get("context")))
                .sorted().toList();
        assertEquals(List.of("gateway-1", "gateway-2"), gateways);
        Map<String, Object> balancer = map(services, "balancer");
        assertEquals(gateways, map(balancer, "depends_on").keySet().stream().sorted().toList());
        String nginx = Files.readString(ROOT.resolve("deploy/nginx.conf"));
        gateways.forEach(gateway -> assertTrue(nginx.contains("server " + gateway + ":1219;"), "nginx balances to " + gateway));
        gateways.forEach(gateway -> assertEquals(true, map(services, gateway).get("read_only"), gateway + " has a read-only root"));
    }
}
