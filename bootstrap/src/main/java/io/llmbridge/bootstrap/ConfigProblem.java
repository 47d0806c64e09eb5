package io.llmbridge.bootstrap;

/** A configuration that cannot work; its message is the one line the operator sees. */
final class ConfigProblem extends RuntimeException {
    ConfigProblem(String source, String key, String problem) {
        super(source + (key == null || key.isEmpty() ? "" : ": " + key) + ": " + problem);
    }
}
