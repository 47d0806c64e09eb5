package io.llmbridge.adapter.out.limits;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * One of the quota scripts: the shared head ({@code periods.lua}) and its own body, run by its
 * SHA-1 and sent whole only when Redis does not know it yet (after a restart or failover).
 */
final class RedisScript {
    private final String text;
    private final String sha;

    private RedisScript(String text) {
        this.text = text;
        try {
            this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    static RedisScript load(String name) {
        return new RedisScript(resource("periods.lua") + "\n" + resource(name));
    }

    List<Object> run(RedisClusterCommands<String, String> commands, String[] keys, String... args) {
        try {
            return commands.evalsha(sha, ScriptOutputType.MULTI, keys, args);
        } catch (RedisNoScriptException unknown) {
            return commands.eval(text, ScriptOutputType.MULTI, keys, args);
        }
    }

    /** As {@link #run}, without waiting for the answer. */
    CompletionStage<List<Object>> send(RedisClusterAsyncCommands<String, String> commands, String[] keys, String... args) {
        RedisFuture<List<Object>> byHash = commands.evalsha(sha, ScriptOutputType.MULTI, keys, args);
        return byHash.exceptionallyCompose(failure -> unwrap(failure) instanceof RedisNoScriptException
                ? commands.<List<Object>>eval(text, ScriptOutputType.MULTI, keys, args)
                : CompletableFuture.failedStage(failure));
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    RedisFuture<String> load(RedisClusterAsyncCommands<String, String> commands) {
        return commands.scriptLoad(text);
    }

    private static String resource(String name) {
        try (InputStream in = RedisScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
