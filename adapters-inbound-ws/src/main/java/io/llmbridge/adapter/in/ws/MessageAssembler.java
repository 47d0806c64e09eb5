package io.llmbridge.adapter.in.ws;

/**
 * Joins the fragments of one text message and holds it to the size limit. A message over the
 * limit is dropped as its fragments arrive (nothing of it is kept) and answered once, at its end.
 * Used by the connection's one reading thread only.
 */
final class MessageAssembler {
    private final int maxBytes;
    private final StringBuilder parts = new StringBuilder();
    private long bytes;
    private boolean tooLarge;

    MessageAssembler(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * @return the whole message when {@code last}; null while fragments are still coming
     * @throws ProtocolError at the last fragment of a message larger than the limit
     */
    String append(String fragment, boolean last) {
        bytes += utf8Length(fragment);
        if (bytes > maxBytes) {
            tooLarge = true;
            parts.setLength(0);
        } else {
            parts.append(fragment);
        }
        if (!last) {
            return null;
        }
        String message = parts.toString();
        boolean refused = tooLarge;
        parts.setLength(0);
        bytes = 0;
        tooLarge = false;
        if (refused) {
            throw new ProtocolError("The message is larger than this gateway accepts (" + maxBytes + " bytes).");
        }
        return message;
    }

    static long utf8Length(String text) {
        long length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // A surrogate pair is 4 bytes: 2 for each of its halves.
            length += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return length;
    }
}
