package io.llmbridge.adapter.out.limits;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The machine's Redis at 127.0.0.1:6379, for tests that need a real one: they are skipped, saying
 * why, where none listens; each uses a key prefix of its own and removes its keys afterwards.
 */
public final class LocalRedis {
    public static final int PORT = 6379;

    private LocalRedis() {
    }

    /** Skips the calling tests when no Redis listens; {@code what} names them in the message. */
    public static void assumeListening(String what) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", PORT), 500);
        } catch (IOException nothing) {
            assumeTrue(false, "No Redis listens on 127.0.0.1:" + PORT + ": " + what + " are skipped.");
        }
    }

    /** Deletes every key a gate with {@code prefix} made. */
    public static void deleteKeys(String prefix) {
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + PORT);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            ScanIterator<String> keys = ScanIterator.scan(connection.sync(), ScanArgs.Builder.matches("{" + prefix + "}*"));
            while (keys.hasNext()) {
                connection.sync().del(keys.next());
            }
        } finally {
            client.shutdown();
        }
    }
}
