package io.llmbridge.adapter.out.limits;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the Redis-backed gate reaches Redis and what it does without it.
 *
 * @param redisUrl         {@code redis://[user:password@]host:port[/db]} (or {@code rediss://}, {@code redis-sentinel://});
 *                         never logged or shown whole
 * @param timeout          for connecting and for each command: well under a request's budget, since
 *                         every admission waits for one round trip
 * @param concurrencyLease how long a {@code concurrent} slot is held at most when its request is
 *                         never settled (a replica that died): longer than the longest call
 * @param keyPrefix        every key starts with {@code {keyPrefix}}, one hash tag (see docs/limits.md)
 * @param creditLifetime   how long quota taken from Redis ahead of need is kept before what is left
 *                         goes back; zero: no credit, every admission is decided in Redis
 * @param cluster          whether {@code redisUrl} is a node of a Redis Cluster (the gate then follows
 *                         the cluster's topology; every quota key is in one slot)
 */
public record RedisQuotaSettings(String redisUrl, OnBackendFailure onBackendFailure, Duration timeout,
                                 Duration concurrencyLease, String keyPrefix, Duration creditLifetime, boolean cluster) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(200);
    public static final Duration DEFAULT_CONCURRENCY_LEASE = Duration.ofMinutes(15);
    public static final String DEFAULT_KEY_PREFIX = "llmbridge:quota";
    public static final Duration DEFAULT_CREDIT_LIFETIME = Duration.ofSeconds(1);

    public RedisQuotaSettings {
        Objects.requireNonNull(redisUrl, "redisUrl");
        Objects.requireNonNull(onBackendFailure, "onBackendFailure");
        requirePositive("timeout", timeout);
        requirePositive("concurrencyLease", concurrencyLease);
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(creditLifetime, "creditLifetime");
        if (creditLifetime.isNegative()) {
            throw new IllegalArgumentException("creditLifetime must not be negative, not " + creditLifetime);
        }
        if (keyPrefix.isEmpty() || keyPrefix.contains("{") || keyPrefix.contains("}")) {
            throw new IllegalArgumentException("key prefix must be non-empty and without braces, not '" + keyPrefix + "'");
        }
        String scheme = URI.create(redisUrl).getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme) && !"redis-sentinel".equals(scheme)) {
            throw new IllegalArgumentException("redis_url must start with redis://, rediss:// or redis-sentinel://");
        }
        if (cluster && "redis-sentinel".equals(scheme)) {
            throw new IllegalArgumentException("a Redis Cluster is reached at one of its nodes (redis:// or rediss://), not through Sentinel");
        }
    }

    public RedisQuotaSettings(String redisUrl, OnBackendFailure onBackendFailure) {
        this(redisUrl, onBackendFailure, DEFAULT_TIMEOUT, DEFAULT_CONCURRENCY_LEASE, DEFAULT_KEY_PREFIX,
                DEFAULT_CREDIT_LIFETIME, false);
    }

    /** Where Redis is, without credentials: for health details and messages. */
    public String where() {
        URI uri = URI.create(redisUrl);
        return uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort());
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }
}
