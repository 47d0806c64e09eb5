package io.llmbridge.domain;

/**
 * The text of one exchange, for an operator who asked the audit to keep it. Both parts are
 * already cut to the configured length, so a record never holds more than the audit may write.
 *
 * @param prompt     the request's messages as {@code role: text} lines; may be null
 * @param completion the answer's text (the first choice); null when there was none
 */
public record ChatContent(String prompt, String completion) {
}
