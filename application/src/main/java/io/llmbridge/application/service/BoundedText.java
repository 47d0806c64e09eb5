package io.llmbridge.application.service;

/**
 * Text that stops growing at a limit, so capturing a long stream keeps no more than will be
 * written. A cut text ends with an ellipsis, so a reader knows it is not the whole.
 */
final class BoundedText {
    private final int limit;
    private final StringBuilder text = new StringBuilder();
    private boolean cut;

    BoundedText(int limit) {
        this.limit = limit;
    }

    BoundedText append(String part) {
        if (part == null || cut) {
            return this;
        }
        int room = limit - text.length();
        if (part.length() <= room) {
            text.append(part);
        } else {
            // Never split a surrogate pair: half a character is not valid text in the JSON written.
            int end = room > 0 && Character.isHighSurrogate(part.charAt(room - 1)) ? room - 1 : room;
            text.append(part, 0, end);
            cut = true;
        }
        return this;
    }

    boolean isEmpty() {
        return text.isEmpty();
    }

    @Override
    public String toString() {
        return cut ? text + "…" : text.toString();
    }
}
