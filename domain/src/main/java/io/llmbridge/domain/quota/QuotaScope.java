package io.llmbridge.domain.quota;

import java.util.Objects;

/**
 * Who a limit applies to. Messages name a scope by {@link #describe()}, which for a key is the
 * key's name, never its secret.
 *
 * @param name the key's name, the team, the public model name ({@code openai/gpt-4.1}); empty for the global scope
 */
public record QuotaScope(Kind kind, String name) {
    public static final QuotaScope GLOBAL = new QuotaScope(Kind.GLOBAL, "");

    public QuotaScope {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (kind == Kind.GLOBAL != name.isEmpty()) {
            throw new IllegalArgumentException("only the global scope has no name: " + kind + " '" + name + "'");
        }
    }

    public static QuotaScope key(String name) {
        return new QuotaScope(Kind.KEY, name);
    }

    public static QuotaScope team(String name) {
        return new QuotaScope(Kind.TEAM, name);
    }

    public static QuotaScope model(String name) {
        return new QuotaScope(Kind.MODEL, name);
    }

    /** {@code key alice}, {@code team search}, {@code model openai/gpt-4.1}, {@code global}. */
    public String describe() {
        return kind == Kind.GLOBAL ? "global" : kind.configName() + " " + name;
    }

    /** The kinds of scope, in the order their limits are checked and a refusal names them. */
    public enum Kind {
        KEY("key"), TEAM("team"), MODEL("model"), GLOBAL("global");

        private final String configName;

        Kind(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }
    }
}
