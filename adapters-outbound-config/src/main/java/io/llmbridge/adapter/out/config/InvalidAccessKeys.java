package io.llmbridge.adapter.out.config;

/**
 * {@code ACCESS_API_KEYS} cannot be read. The message says what is wrong and never quotes the
 * value, which holds keys; the composition root names the variable.
 */
public final class InvalidAccessKeys extends RuntimeException {
    InvalidAccessKeys(String problem) {
        super(problem);
    }
}
