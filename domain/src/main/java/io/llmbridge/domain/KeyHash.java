package io.llmbridge.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * What is kept of a managed key's secret: a random salt and SHA-256(salt ‖ secret).
 * <p>
 * A fast hash is enough here, unlike for passwords: the secret is 256 random bits, so guessing
 * it from a stolen hash is hopeless at any hashing speed, and a slow function (PBKDF2, bcrypt)
 * would only make every uncached key check slower. The salt keeps two rows from ever sharing a
 * hash and rules out precomputed tables.
 */
public final class KeyHash {
    private static final int SALT_BYTES = 16;

    private final byte[] salt;
    private final byte[] hash;

    private KeyHash(byte[] salt, byte[] hash) {
        this.salt = salt;
        this.hash = hash;
    }

    /** A fresh salt and the hash of {@code secret} with it. */
    public static KeyHash of(String secret, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new KeyHash(salt, digest(salt, secret));
    }

    /** As stored: both parts base64-encoded. */
    public static KeyHash decode(String salt, String hash) {
        return new KeyHash(Base64.getDecoder().decode(salt), Base64.getDecoder().decode(hash));
    }

    public String encodedSalt() {
        return Base64.getEncoder().encodeToString(salt);
    }

    public String encodedHash() {
        return Base64.getEncoder().encodeToString(hash);
    }

    /** Whether {@code secret} is the one hashed, in time that does not depend on where they differ. */
    public boolean matches(String secret) {
        return MessageDigest.isEqual(hash, digest(salt, secret));
    }

    private static byte[] digest(byte[] salt, String secret) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(salt);
            return sha256.digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyHash that && Arrays.equals(salt, that.salt) && Arrays.equals(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash);
    }

    /** Never the hash itself: it does not belong in logs either. */
    @Override
    public String toString() {
        return "KeyHash[redacted]";
    }
}
