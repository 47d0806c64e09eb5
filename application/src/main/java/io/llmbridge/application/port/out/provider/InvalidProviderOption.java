package io.llmbridge.application.port.out.provider;

/**
 * A provider's configuration has a value its adapter cannot use. The configuration reader
 * reports it as one line naming the file, the provider's key and the value found.
 */
public final class InvalidProviderOption extends IllegalArgumentException {
    private final String key;
    private final String expectation;

    /**
     * @param key         the option's key in the provider's section, e.g. {@code stream_usage}
     * @param expectation what the value must be, e.g. {@code must be true or false}
     */
    public InvalidProviderOption(String key, String expectation) {
        super(key + " " + expectation);
        this.key = key;
        this.expectation = expectation;
    }

    public String key() {
        return key;
    }

    /** What the value must be, without the key. */
    public String expectation() {
        return expectation;
    }
}
