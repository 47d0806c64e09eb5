package io.llmbridge.domain;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Masks a set of secrets in text from outside (an upstream's error, a prompt) in every form a
 * secret is commonly echoed in, whatever its length:
 * <ul>
 *   <li>as written;</li>
 *   <li>JSON-escaped, wholly or in part ({@code \/}, {@code \u003d}: serializers escape
 *       {@code /}, {@code =}, {@code +} or every non-ASCII character), and URL-encoded
 *       ({@code %2B}, {@code %3D}, ASCII characters only);</li>
 *   <li>as a partial echo: a prefix and a suffix of the secret around a run of {@code ***},
 *       {@code ...} or {@code …}, each a whole word, as in OpenAI's "Incorrect API key provided:
 *       sk-abc*****wxyz". Both ends must be shown and together be four characters or the whole
 *       secret, so an ordinary word next to stars is not taken for a key.</li>
 * </ul>
 * Each place a secret was found in becomes one mask, however many secrets overlap there. The cost
 * is linear in the text; the decoded view is built only for text that has a {@code \} or a
 * {@code %}.
 */
public final class SecretMasking {
    /** Partial echoes showing fewer characters than this (of a longer secret) are left alone. */
    private static final int SHORTEST_PARTIAL_ECHO = 4;
    private static final int SHORTEST_STAR_RUN = 3;

    private final List<String> values;

    public SecretMasking(Collection<Secret> secrets) {
        this.values = secrets.stream().map(Secret::reveal).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /** The text with every form of every secret replaced by {@code mask}; the same instance when none is in it. */
    public String mask(String text, String mask) {
        if (text == null || text.isEmpty() || values.isEmpty()) {
            return text;
        }
        BitSet secret = new BitSet();
        for (String value : values) {
            markOccurrences(text, value, null, secret);
        }
        if (text.indexOf('\\') >= 0 || text.indexOf('%') >= 0) {
            Decoded decoded = Decoded.of(text);
            for (String value : decoded.escapes() == 0 ? List.<String>of() : values) {
                markOccurrences(decoded.text(), value, decoded, secret);
            }
        }
        markPartialEchoes(text, secret);
        return secret.isEmpty() ? text : replaced(text, secret, mask);
    }

    /** @param decoded what {@code text} was decoded from; null when it is the original */
    private static void markOccurrences(String text, String value, Decoded decoded, BitSet secret) {
        for (int at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + value.length())) {
            int end = at + value.length();
            secret.set(decoded == null ? at : decoded.origin(at), decoded == null ? end : decoded.origin(end));
        }
    }

    private void markPartialEchoes(String text, BitSet secret) {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int runEnd = i + 1;
            while (runEnd < text.length() && text.charAt(runEnd) == c) {
                runEnd++;
            }
            boolean hidden = c == '…' || (c == '*' || c == '.') && runEnd - i >= SHORTEST_STAR_RUN;
            if (hidden) {
                markPartialEcho(text, i, runEnd, secret);
            }
            i = runEnd;
        }
    }

    private void markPartialEcho(String text, int hiddenStart, int hiddenEnd, BitSet secret) {
        int start = hiddenStart;
        while (start > 0 && isKeyChar(text.charAt(start - 1))) {
            start--;
        }
        int end = hiddenEnd;
        while (end < text.length() && isKeyChar(text.charAt(end))) {
            end++;
        }
        int prefix = hiddenStart - start;
        int suffix = end - hiddenEnd;
        if (prefix == 0 || suffix == 0) {
            return;
        }
        for (String value : values) {
            if (prefix <= value.length() && suffix <= value.length()
                    && prefix + suffix >= Math.min(SHORTEST_PARTIAL_ECHO, value.length())
                    && text.regionMatches(start, value, 0, prefix)
                    && text.regionMatches(hiddenEnd, value, value.length() - suffix, suffix)) {
                secret.set(start, end);
                return;
            }
        }
    }

    /** What provider keys are made of; a partial echo's visible ends are words of these. */
    private static boolean isKeyChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '+' || c == '/' || c == '=' || c == '~';
    }

    private static String replaced(String text, BitSet secret, String mask) {
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (int start = secret.nextSetBit(0); start >= 0; start = secret.nextSetBit(at)) {
            out.append(text, at, start).append(mask);
            at = secret.nextClearBit(start);
        }
        return out.append(text, at, text.length()).toString();
    }

    /**
     * The text with JSON escapes and ASCII percent-encodings decoded, and where its chars came
     * from, so a match in it masks the escaped form in the original. Only the escapes are
     * recorded (a prompt of megabytes has few), not a position per char.
     *
     * @param escapedAt the index in {@code text} of each decoded escape, ascending
     * @param shiftAfter how many more chars the original had than {@code text} up to and including each
     */
    private record Decoded(String text, int[] escapedAt, int[] shiftAfter, int escapes) {
        static Decoded of(String original) {
            StringBuilder text = new StringBuilder(original.length());
            int[] escapedAt = new int[16];
            int[] shiftAfter = new int[16];
            int escapes = 0;
            int i = 0;
            while (i < original.length()) {
                char c = original.charAt(i);
                int length = 1;
                if (c == '\\' && i + 1 < original.length()) {
                    char escaped = original.charAt(i + 1);
                    int unicode = escaped == 'u' ? hex(original, i + 2, 4) : -1;
                    int simple = "\"\\/bfnrt".indexOf(escaped);
                    if (unicode >= 0) {
                        c = (char) unicode;
                        length = 6;
                    } else if (simple >= 0) {
                        c = "\"\\/\b\f\n\r\t".charAt(simple);
                        length = 2;
                    }
                } else if (c == '%') {
                    int encoded = hex(original, i + 1, 2);
                    if (encoded >= 0 && encoded < 0x80) {
                        c = (char) encoded;
                        length = 3;
                    }
                }
                if (length > 1) {
                    if (escapes == escapedAt.length) {
                        escapedAt = Arrays.copyOf(escapedAt, escapes * 2);
                        shiftAfter = Arrays.copyOf(shiftAfter, escapes * 2);
                    }
                    escapedAt[escapes] = text.length();
                    shiftAfter[escapes] = (escapes == 0 ? 0 : shiftAfter[escapes - 1]) + length - 1;
                    escapes++;
                }
                text.append(c);
                i += length;
            }
            return new Decoded(text.toString(), escapedAt, shiftAfter, escapes);
        }

        /** Where the char at {@code index} of the decoded text (or its end) starts in the original. */
        int origin(int index) {
            int found = Arrays.binarySearch(escapedAt, 0, escapes, index);
            int escapesBefore = found >= 0 ? found : -found - 1;
            return index + (escapesBefore == 0 ? 0 : shiftAfter[escapesBefore - 1]);
        }

        /** The value of {@code digits} hex digits at {@code from}; -1 when they are not all there. */
        private static int hex(String text, int from, int digits) {
            if (from + digits > text.length()) {
                return -1;
            }
            int value = 0;
            for (int i = from; i < from + digits; i++) {
                int digit = Character.digit(text.charAt(i), 16);
                if (digit < 0) {
                    return -1;
                }
                value = value << 4 | digit;
            }
            return value;
        }
    }
}
