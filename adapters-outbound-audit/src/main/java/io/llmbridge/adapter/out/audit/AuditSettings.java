package io.llmbridge.adapter.out.audit;

import io.llmbridge.domain.Secret;

import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where the audit goes.
 *
 * @param file     the JSON-lines file, always written
 * @param logstash a Logstash TCP input that receives the same events; null for none
 * @param secrets  the gateway's keys, masked wherever they would appear in an event
 * @param refusalInterval refused keys from one client address are written as one event per interval
 *                        (the first at once), so that a flood of them cannot roll real events away
 * @param trust    the certificates a Logstash with {@code tls} must be signed by; null for the JDK's
 */
public record AuditSettings(RollingFile file, Logstash logstash, List<Secret> secrets, Duration refusalInterval,
                            SSLContext trust) {
    public static final Duration DEFAULT_REFUSAL_INTERVAL = Duration.ofSeconds(60);

    public AuditSettings {
        Objects.requireNonNull(file, "file");
        secrets = List.copyOf(secrets);
        if (refusalInterval.isNegative() || refusalInterval.isZero()) {
            throw new IllegalArgumentException("refusalInterval must be positive");
        }
    }

    public AuditSettings(RollingFile file, Logstash logstash, List<Secret> secrets) {
        this(file, logstash, secrets, DEFAULT_REFUSAL_INTERVAL, null);
    }

    /**
     * @param reconnectionDelay how long to wait before connecting again after a failure
     * @param bufferSize        events held while Logstash is slow or away (a power of two);
     *                          when full, new events are dropped rather than requests slowed
     * @param tls               whether to speak TLS to Logstash, verifying its certificate and host name
     */
    public record Logstash(String host, int port, Duration reconnectionDelay, int bufferSize, boolean tls) {
        public static final Duration DEFAULT_RECONNECTION_DELAY = Duration.ofSeconds(5);
        public static final int DEFAULT_BUFFER_SIZE = 8192;

        public Logstash {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be from 1 to 65535");
            }
            if (reconnectionDelay.isNegative() || reconnectionDelay.isZero()) {
                throw new IllegalArgumentException("reconnectionDelay must be positive");
            }
            if (bufferSize < 1 || Integer.bitCount(bufferSize) != 1) {
                throw new IllegalArgumentException("bufferSize must be a power of two");
            }
        }

        public Logstash(String host, int port, Duration reconnectionDelay, int bufferSize) {
            this(host, port, reconnectionDelay, bufferSize, false);
        }

        public Logstash(String host, int port) {
            this(host, port, DEFAULT_RECONNECTION_DELAY, DEFAULT_BUFFER_SIZE);
        }

        public Logstash withTls(boolean on) {
            return new Logstash(host, port, reconnectionDelay, bufferSize, on);
        }
    }
}
