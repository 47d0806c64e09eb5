package io.llmbridge.adapter.out.tokenizer;

import com.knuddels.jtokkit.api.Encoding;

/**
 * Counts the texts of one estimate in bounded time and memory, whatever a client sent.
 *
 * <p>jtokkit's byte-pair merge is super-linear in the length of one pre-tokenised word, and such a
 * word is a run of characters of one kind: 1 MB of {@code x} takes most of a second and 2 MB ran
 * a 256 MiB heap out. So a run of whitespace or of anything else longer than {@link #MAX_RUN} is
 * cut into pieces counted one by one (no token of the encodings is nearly that long, so a cut
 * costs about one token of accuracy), and ordinary text, which has no such run, is counted whole
 * and exactly as before. At most {@link #MAX_CHARS} characters are tokenised per estimate; the
 * rest is extrapolated at the rate measured on what was counted. Bounding the input is what keeps
 * a huge prompt from exhausting the heap: an {@code OutOfMemoryError} is not caught here, because
 * the allocation that fails may be another request's and the heap is then not this counter's to
 * judge.
 */
final class BoundedTokenizer {
    /** Characters tokenised per estimate: about 32 K tokens of prose, tens of milliseconds of CPU. */
    static final int MAX_CHARS = 128 * 1024;
    /** The longest run of one kind of character handed to the encoding in one piece. */
    static final int MAX_RUN = 1024;
    /** OpenAI's rule of thumb, for text nothing was learned from. */
    private static final int CHARS_PER_TOKEN = 4;

    private final Encoding encoding;
    private long charsLeft = MAX_CHARS;
    private long charsCounted;
    private long tokensCounted;

    BoundedTokenizer(Encoding encoding) {
        this.encoding = encoding;
    }

    long count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        int end = (int) Math.min(text.length(), charsLeft);
        if (end < text.length() && end > 0 && Character.isLowSurrogate(text.charAt(end))) {
            end--; // never split a character
        }
        long tokens = 0;
        if (end > 0) {
            tokens = pieces(text, end);
            charsLeft -= end;
            charsCounted += end;
            tokensCounted += tokens;
        }
        return tokens + extrapolated(text.length() - end);
    }

    private long pieces(String text, int end) {
        long tokens = 0;
        int pieceStart = 0;
        int runStart = 0;
        for (int i = 1; i < end; i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) != Character.isWhitespace(text.charAt(i - 1))) {
                runStart = i;
            } else if (i - runStart >= MAX_RUN && !Character.isLowSurrogate(c)) {
                tokens += piece(text.substring(pieceStart, i));
                pieceStart = i;
                runStart = i;
            }
        }
        return tokens + piece(text.substring(pieceStart, end));
    }

    private long piece(String piece) {
        try {
            // Ordinary: a client's text that spells a special token is text, not a control token.
            return encoding.countTokensOrdinary(piece);
        } catch (StackOverflowError tooDeep) {
            // Thread-local and unwound by now: safe to answer the rule of thumb instead.
            return ruleOfThumb(piece.length());
        }
    }

    private long extrapolated(long chars) {
        if (chars == 0) {
            return 0;
        }
        return charsCounted == 0 ? ruleOfThumb(chars) : Math.ceilDiv(chars * tokensCounted, charsCounted);
    }

    private static long ruleOfThumb(long chars) {
        return Math.ceilDiv(chars, CHARS_PER_TOKEN);
    }
}
