package io.llmbridge.application.port.out;

/** A key with this name exists already (names are unique, revoked keys included). */
public final class DuplicateKeyNameException extends RuntimeException {
    private final String name;

    public DuplicateKeyNameException(String name) {
        super("A key named '" + name + "' exists already.");
        this.name = name;
    }

    public String name() {
        return name;
    }
}
