package io.llmbridge.domain;

/**
 * Bounds for text a client chose (a model name, an id, a path, a user agent) wherever the gateway
 * repeats it: in an error message, in the audit. Without a bound, a 1 MB model name made a 1 MB
 * 404 body and a 1 MB audit line, and a flood of them rotated the audit's real events away.
 */
public final class ClientText {
    /** Longest name repeated whole; real model names and ids are far shorter. */
    public static final int MAX_NAME = 256;
    /** Marks a cut, so that nobody mistakes the rest for the whole. */
    public static final String CUT = "…";

    private ClientText() {
    }

    /** The name as given, or its first {@link #MAX_NAME} characters and {@link #CUT}; null stays null. */
    public static String name(String text) {
        return cut(text, MAX_NAME);
    }

    /** The text as given, or its first {@code max} characters and {@link #CUT}; null stays null. */
    public static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        // Never split a surrogate pair: half a character is not valid UTF-8 in a JSON body.
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + CUT;
    }
}
