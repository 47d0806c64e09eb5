package io.llmbridge.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A key or password. Its {@code toString} never shows the value, so a secret that ends up in a
 * log line or exception message by mistake stays secret; {@link #fingerprint()} identifies it.
 */
public final class Secret {
    private static final MessageDigest SHA_256 = sha256Prototype();

    private final String value;
    private final byte[] digest;

    public Secret(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("secret must not be empty");
        }
        this.value = value;
        this.digest = sha256(value);
    }

    public String reveal() {
        return value;
    }

    /**
     * The text with this secret masked in every form {@link SecretMasking} knows (as written,
     * JSON-escaped, URL-encoded, a partial echo): for messages from outside (an upstream that
     * echoes the key it was sent) before they reach a client or a log.
     */
    public String redactFrom(String text) {
        return new SecretMasking(List.of(this)).mask(text, "[redacted]");
    }

    /** A short, stable, one-way name for logs: the first 8 hex digits of its SHA-256. */
    public String fingerprint() {
        return "sha256:" + HexFormat.of().formatHex(digest, 0, 4);
    }

    /**
     * Compares digests, so the time taken depends neither on where the values differ nor on
     * their lengths: a presented key is made a secret and compared with the known ones.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && MessageDigest.isEqual(digest, secret.digest);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return "Secret[" + fingerprint() + "]";
    }

    private static byte[] sha256(String text) {
        try {
            // A copy of a ready digest: looking the algorithm up among the providers on every
            // request cost more than hashing a key.
            return ((MessageDigest) SHA_256.clone()).digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest sha256Prototype() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
