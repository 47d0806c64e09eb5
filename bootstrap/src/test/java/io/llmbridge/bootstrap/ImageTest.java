package io.llmbridge.bootstrap;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The image, built from the Dockerfile and run as a deployment runs it, on a read-only root file
 * system. Skipped, with JUnit's report saying so, where no Docker
 * engine answers. It builds with the docker CLI rather than Testcontainers' builder, which speaks
 * the legacy build API: the Dockerfile's cache mount needs BuildKit.
 */
@Testcontainers(disabledWithoutDocker = true)
class ImageTest {
    private static final String IMAGE = "llm-bridge:image-test";
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

    @Test
    void the_built_image_answers_a_chat_as_a_non_root_user_on_a_read_only_file_system() throws Exception {
        build();
        try (GenericContainer<?> gateway = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withEnv(Map.of("ACCESS_API_KEYS", TestGateway.ACCESS_KEY))
                .withCreateContainerCmdModifier(create -> create.getHostConfig().withReadonlyRootfs(true))
                .withTmpFs(Map.of("/tmp", "rw"))
                .withExposedPorts(1219)
                // The image's own HEALTHCHECK (liveness) decides when it is up.
                .waitingFor(Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(3)))) {
            gateway.start();
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://" + gateway.getHost() + ":" + gateway.getMappedPort(1219) + "/v1/chat/completions"))
                    .header("Authorization", "Bearer " + TestGateway.ACCESS_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"echo/echo-1\",\"messages\":[{\"role\":\"user\",\"content\":\"hello from the image\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains("hello from the image"), response.body());
            assertEquals("10001", gateway.execInContainer("id", "-u").getStdout().strip());
        }
    }

    private static void build() throws IOException, InterruptedException {
        ProcessBuilder docker = new ProcessBuilder("docker", "build", "-t", IMAGE, ROOT.toString()).redirectErrorStream(true);
        Process process;
        try {
            process = docker.start();
        } catch (IOException e) {
            assumeTrue(false, "a Docker engine answers, but there is no docker CLI to build the image with");
            return;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.MINUTES), "docker build finished");
        assertEquals(0, process.exitValue(), output);
    }
}
