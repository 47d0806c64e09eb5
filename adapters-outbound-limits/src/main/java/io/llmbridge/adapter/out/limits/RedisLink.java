package io.llmbridge.adapter.out.limits;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One multiplexed connection to Redis (or, with {@code cluster}, to a Redis Cluster, following its
 * topology), shared by every request thread. Commands fail at once while it is down (they are not
 * queued to run late), and Lettuce reconnects by itself; a connection that could not be made at
 * start is retried in the background.
 */
final class RedisLink implements AutoCloseable {
    /** How often a lost connection is tried again: short, so limits are exact again soon after Redis is back. */
    private static final Duration RECONNECT_DELAY = Duration.ofMillis(500);

    /** A connection to one Redis or to a Cluster, with the commands both have. */
    private record Connected(StatefulConnection<String, String> connection, RedisClusterCommands<String, String> sync,
                             RedisClusterAsyncCommands<String, String> async) {
        static Connected to(StatefulRedisConnection<String, String> redis) {
            return new Connected(redis, redis.sync(), redis.async());
        }

        static Connected to(StatefulRedisClusterConnection<String, String> cluster) {
            return new Connected(cluster, cluster.sync(), cluster.async());
        }
    }

    private final AbstractRedisClient client;
    private final Supplier<Connected> connect;
    private final ClientResources resources;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Connected connection;
    private volatile boolean lastCallFailed;
    private volatile String lastFailure = "not connected yet";

    /** How long loading the scripts may take on connecting: the first commands of a cold JVM are slow. */
    private static final Duration WARM_UP = Duration.ofSeconds(5);

    private final List<RedisScript> scripts;

    RedisLink(RedisQuotaSettings settings, List<RedisScript> scripts) {
        this.scripts = List.copyOf(scripts);
        resources = ClientResources.builder().reconnectDelay(Delay.constant(RECONNECT_DELAY)).build();
        RedisURI uri = RedisURI.create(settings.redisUrl());
        uri.setTimeout(settings.timeout());
        ClientOptions options = ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(settings.timeout()).build())
                .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
                .build();
        if (settings.cluster()) {
            RedisClusterClient cluster = RedisClusterClient.create(resources, uri);
            // a failover or resharding is followed as soon as a node redirects or goes away
            cluster.setOptions(ClusterClientOptions.builder(options)
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers().build())
                    .build());
            client = cluster;
            connect = () -> Connected.to(cluster.connect());
        } else {
            RedisClient redis = RedisClient.create(resources, uri);
            redis.setOptions(options);
            client = redis;
            connect = () -> Connected.to(redis.connect());
        }
        if (!tryConnect()) {
            Thread.ofVirtual().name("quota-redis-connect").start(this::connectUntilClosed);
        }
    }

    /**
     * Runs {@code call} on Redis; empty when Redis cannot be reached or did not answer in time
     * (the caller decides what that means).
     */
    <T> Optional<T> call(Function<RedisClusterCommands<String, String>, T> call) {
        Connected current = connection;
        if (current == null) {
            lastCallFailed = true;
            return Optional.empty();
        }
        try {
            T result = call.apply(current.sync());
            lastCallFailed = false;
            return Optional.of(result);
        } catch (RedisException unreachable) {
            failed(unreachable);
            return Optional.empty();
        }
    }

    /**
     * Sends {@code call} to Redis; the stage fails when Redis cannot be reached or did not answer
     * in time (commands on the one connection run in the order they were sent).
     */
    <T> CompletionStage<T> submit(Function<RedisClusterAsyncCommands<String, String>, CompletionStage<T>> call) {
        Connected current = connection;
        if (current == null) {
            lastCallFailed = true;
            return CompletableFuture.failedStage(new RedisException("not connected to Redis"));
        }
        try {
            return call.apply(current.async()).whenComplete((answer, failure) -> {
                if (failure == null) {
                    lastCallFailed = false;
                } else {
                    failed(failure);
                }
            });
        } catch (RedisException unreachable) {
            failed(unreachable);
            return CompletableFuture.failedStage(unreachable);
        }
    }

    private void failed(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        lastFailure = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        lastCallFailed = true;
    }

    /** Why the last call failed, for the operator: Lettuce's messages name the address, not credentials. */
    String lastFailure() {
        return lastFailure;
    }

    /** Asks Redis (a PING, within the timeout) when the last call failed, so health recovers without traffic. */
    boolean reachable() {
        Connected current = connection;
        if (current == null || !current.connection().isOpen()) {
            return false;
        }
        return !lastCallFailed || call(RedisClusterCommands::ping).isPresent();
    }

    /** Connects and loads the scripts, so that the first requests neither wait for a cold start nor send them whole. */
    private boolean tryConnect() {
        try {
            Connected connected = connect.get();
            for (RedisScript script : scripts) {
                script.load(connected.async()).get(WARM_UP.toMillis(), TimeUnit.MILLISECONDS);
            }
            connection = connected;
            return true;
        } catch (RedisException | ExecutionException | TimeoutException unreachable) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void connectUntilClosed() {
        try {
            while (!closed.await(RECONNECT_DELAY.toMillis(), TimeUnit.MILLISECONDS) && !tryConnect()) {
                // try again after the delay
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed.countDown();
        Connected current = connection;
        if (current != null) {
            current.connection().close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
