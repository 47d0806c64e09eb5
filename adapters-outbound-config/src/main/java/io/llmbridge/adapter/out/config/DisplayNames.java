package io.llmbridge.adapter.out.config;

import io.llmbridge.domain.Secret;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Names for unnamed keys: {@code key-} and 8 hex digits of an HMAC-SHA256 of the key under a
 * random key drawn here. A plain hash of the key would let anyone who reads the logs confirm a
 * guessed key offline; this name says nothing about the key without the random key, which is
 * never shown, and changes with every start.
 */
final class DisplayNames {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec salt;

    DisplayNames() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        this.salt = new SecretKeySpec(bytes, ALGORITHM);
    }

    String of(Secret key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(salt);
            return "key-" + HexFormat.of().formatHex(mac.doFinal(key.reveal().getBytes(StandardCharsets.UTF_8)), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + ALGORITHM, e);
        }
    }
}
