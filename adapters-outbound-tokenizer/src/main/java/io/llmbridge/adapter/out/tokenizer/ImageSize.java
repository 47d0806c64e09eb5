package io.llmbridge.adapter.out.tokenizer;

import java.util.Base64;

/**
 * The pixel size of an image sent inline as a {@code data:} URL, read from its header (PNG, GIF,
 * JPEG, WebP) without decoding the picture. A remote URL's size is unknown: the gateway never
 * fetches what a client points at.
 */
record ImageSize(int width, int height) {
    private static final String BASE64_MARK = ";base64,";
    /** Enough for the header of every format here but a JPEG with large metadata before its frame. */
    private static final int JPEG_SCAN_LIMIT = 1 << 20;

    /** The size of a {@code data:image/…;base64,…} image; null for any other URL or an unreadable image. */
    static ImageSize ofUrl(String url) {
        if (url == null || !url.regionMatches(true, 0, "data:", 0, 5)) {
            return null;
        }
        int mark = url.indexOf(BASE64_MARK);
        if (mark < 0) {
            return null;
        }
        byte[] bytes;
        try {
            // Only the start is needed: base64 decodes in 4-character groups.
            int end = (int) Math.min(url.length(), mark + BASE64_MARK.length() + (long) JPEG_SCAN_LIMIT * 4 / 3);
            String data = url.substring(mark + BASE64_MARK.length(), end);
            bytes = Base64.getMimeDecoder().decode(data.substring(0, data.length() - data.length() % 4));
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        return of(bytes);
    }

    static ImageSize of(byte[] b) {
        if (startsWith(b, 0, 0x89, 'P', 'N', 'G') && b.length >= 24) {
            return sized(bigEndian(b, 16, 4), bigEndian(b, 20, 4));
        }
        if (startsWith(b, 0, 'G', 'I', 'F') && b.length >= 10) {
            return sized(littleEndian(b, 6, 2), littleEndian(b, 8, 2));
        }
        if (startsWith(b, 0, 0xFF, 0xD8)) {
            return jpeg(b);
        }
        if (startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P') && b.length >= 30) {
            return webp(b);
        }
        return null;
    }

    private static ImageSize jpeg(byte[] b) {
        int i = 2;
        while (i + 9 < b.length) {
            if ((b[i] & 0xFF) != 0xFF) {
                return null;
            }
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xFF) {
                i++; // fill byte
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD9)) {
                i += 2; // markers without a length
                continue;
            }
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (startOfFrame) {
                return sized(bigEndian(b, i + 7, 2), bigEndian(b, i + 5, 2));
            }
            i += 2 + bigEndian(b, i + 2, 2);
        }
        return null;
    }

    private static ImageSize webp(byte[] b) {
        if (startsWith(b, 12, 'V', 'P', '8', ' ')) {
            return sized(littleEndian(b, 26, 2) & 0x3FFF, littleEndian(b, 28, 2) & 0x3FFF);
        }
        if (startsWith(b, 12, 'V', 'P', '8', 'L')) {
            int bits = littleEndian(b, 21, 4);
            return sized((bits & 0x3FFF) + 1, ((bits >>> 14) & 0x3FFF) + 1);
        }
        if (startsWith(b, 12, 'V', 'P', '8', 'X')) {
            return sized(littleEndian(b, 24, 3) + 1, littleEndian(b, 27, 3) + 1);
        }
        return null;
    }

    private static ImageSize sized(int width, int height) {
        return width > 0 && height > 0 ? new ImageSize(width, height) : null;
    }

    private static boolean startsWith(byte[] b, int at, int... expected) {
        if (b.length < at + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((b[at + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static int bigEndian(byte[] b, int at, int length) {
        int value = 0;
        for (int i = 0; i < length; i++) {
            value = value << 8 | (b[at + i] & 0xFF);
        }
        return value;
    }

    private static int littleEndian(byte[] b, int at, int length) {
        int value = 0;
        for (int i = length - 1; i >= 0; i--) {
            value = value << 8 | (b[at + i] & 0xFF);
        }
        return value;
    }
}
