package io.llmbridge.adapter.out.limits;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A Redis Cluster of three primaries, started for the test class from this machine's
 * {@code redis-server} and {@code redis-cli} (nothing kept on disk) and stopped after it. The
 * tests are skipped, saying why, where those programs are not on the PATH.
 */
final class LocalRedisCluster implements BeforeAllCallback, AfterAllCallback {
    private static final int NODES = 3;
    /** A node's cluster bus listens on its port plus this. */
    private static final int BUS_OFFSET = 10_000;
    private static final Duration START = Duration.ofSeconds(60);

    private final List<Process> nodes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private Path dir;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        assumeTrue(onPath("redis-server") && onPath("redis-cli"),
                "redis-server and redis-cli are not on the PATH: " + context.getDisplayName() + " are skipped.");
        dir = Files.createTempDirectory("llmbridge-redis-cluster");
        for (int i = 0; i < NODES; i++) {
            int port = freePortWithFreeBus();
            ports.add(port);
            nodes.add(new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf",
                    "--cluster-node-timeout", "5000", "--dir", dir.toString(), "--save", "", "--appendonly", "no",
                    "--logfile", "node-" + port + ".log")
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("out-" + port).toFile())
                    .start());
        }
        for (int port : ports) {
            await(() -> listening(port), "node " + port + " listening");
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        ports.forEach(port -> create.add("127.0.0.1:" + port));
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Process creating = new ProcessBuilder(create).redirectErrorStream(true)
                .redirectOutput(dir.resolve("create.log").toFile()).start();
        assertTrue(creating.waitFor(START.toSeconds(), TimeUnit.SECONDS), "redis-cli --cluster create did not end");
        assertEquals(0, creating.exitValue(), () -> "redis-cli --cluster create failed: " + read(dir.resolve("create.log")));
        RedisClusterClient client = RedisClusterClient.create(RedisURI.create("127.0.0.1", ports.getFirst()));
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            await(() -> connection.sync().clusterInfo().contains("cluster_state:ok"), "cluster state ok");
        } finally {
            client.shutdown();
        }
    }

    /**
     * {@code redis://} of a node that does not hold {@code key}'s slot: a gate given it must learn
     * the cluster from it to reach its keys.
     */
    String urlAwayFrom(String key) {
        int slot = SlotHash.getSlot(key);
        RedisClusterClient client = RedisClusterClient.create(RedisURI.create("127.0.0.1", ports.getFirst()));
        try (StatefulRedisClusterConnection<String, String> ignored = client.connect()) {
            int owner = client.getPartitions().getPartitionBySlot(slot).getUri().getPort();
            return "redis://127.0.0.1:" + ports.stream().filter(port -> port != owner).findFirst().orElseThrow();
        } finally {
            client.shutdown();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (Process node : nodes) {
            node.destroy();
        }
        for (Process node : nodes) {
            if (!node.waitFor(10, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(File.pathSeparator)).map(folder -> Path.of(folder, program))
                .anyMatch(Files::isExecutable);
    }

    private static int freePortWithFreeBus() throws IOException {
        for (int tries = 0; tries < 100; tries++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 55_000);
            if (free(port) && free(port + BUS_OFFSET)) {
                return port;
            }
        }
        throw new IOException("no free port pair for a cluster node");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " within " + START.toSeconds() + " s");
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
