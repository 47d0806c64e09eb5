package io.llmbridge.application.service;

import io.llmbridge.domain.ChatMessage;
import io.llmbridge.domain.ChatRequest;

/**
 * A prompt's size in tokens, roughly and cheaply, for a quota reservation that settlement then
 * corrects with the real count: a quarter of a token for each ASCII character (English runs at
 * about four characters a token), a whole one for any other (CJK characters are about one token
 * each), and a few for each message's framing. Tokenising every prompt exactly before its call
 * would cost more than the rest of the gateway's work on it.
 */
final class RoughTokens {
    private static final int PER_MESSAGE = 4;

    private RoughTokens() {
    }

    static long of(ChatRequest request) {
        long tokens = 0;
        for (ChatMessage message : request.messages()) {
            tokens += PER_MESSAGE + of(message.text());
        }
        return tokens;
    }

    static long of(String text) {
        long ascii = 0;
        long other = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < 0x80) {
                ascii++;
            } else {
                other++;
            }
        }
        return (ascii + 3) / 4 + other;
    }
}
