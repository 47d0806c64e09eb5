package io.llmbridge.domain;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A managed key as a client sends it: {@code llmb-<public id>-<secret>}. The public id finds the
 * key's row, the secret is checked against its {@link KeyHash}. Keys of any other shape (the
 * static {@code ACCESS_API_KEYS}) do not parse.
 *
 * @param publicId 16 lowercase hex digits
 * @param secret   43 base64url characters: 32 random bytes
 */
public record PresentedKey(String publicId, String secret) {
    private static final String PREFIX = "llmb-";
    private static final int ID_BYTES = 8;
    private static final int SECRET_BYTES = 32;
    private static final int ID_CHARS = ID_BYTES * 2;
    private static final int SECRET_CHARS = 43;

    public PresentedKey {
        if (!isPublicId(publicId) || secret == null || secret.length() != SECRET_CHARS) {
            throw new IllegalArgumentException("not a managed key");
        }
    }

    /** A new key with fresh random id and secret: shown to its owner once, then only hashed. */
    public static PresentedKey generate(SecureRandom random) {
        byte[] id = new byte[ID_BYTES];
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(id);
        random.nextBytes(secret);
        return new PresentedKey(HexFormat.of().formatHex(id), Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    public static Optional<PresentedKey> parse(String key) {
        if (key == null || key.length() != PREFIX.length() + ID_CHARS + 1 + SECRET_CHARS || !key.startsWith(PREFIX)
                || key.charAt(PREFIX.length() + ID_CHARS) != '-') {
            return Optional.empty();
        }
        String id = key.substring(PREFIX.length(), PREFIX.length() + ID_CHARS);
        return isPublicId(id)
                ? Optional.of(new PresentedKey(id, key.substring(PREFIX.length() + ID_CHARS + 1)))
                : Optional.empty();
    }

    /** The whole key, for the one answer that hands it out. */
    public Secret value() {
        return new Secret(PREFIX + publicId + "-" + secret);
    }

    public KeyHash hash(SecureRandom random) {
        return KeyHash.of(secret, random);
    }

    private static boolean isPublicId(String id) {
        return id != null && id.length() == ID_CHARS
                && id.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    @Override
    public String toString() {
        return "PresentedKey[" + publicId + "]";
    }
}
