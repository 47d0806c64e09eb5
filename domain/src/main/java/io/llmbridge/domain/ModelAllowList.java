package io.llmbridge.domain;

import java.util.Collection;
import java.util.List;

/**
 * The models a managed key may use: exact public names ({@code openai/gpt-4o-mini}) and
 * {@code provider/*} for every model of a provider. {@link #ANY} (no list given) allows all.
 */
public record ModelAllowList(List<String> patterns) {
    /** No restriction: what a key without a {@code models} list gets. */
    public static final ModelAllowList ANY = new ModelAllowList(null);

    private static final String WILDCARD = "/*";

    /**
     * @param patterns null for {@link #ANY}; otherwise each pattern is an exact name or a
     *                 provider wildcard, and an empty list allows nothing
     */
    public ModelAllowList {
        if (patterns != null) {
            patterns = List.copyOf(patterns);
            patterns.forEach(ModelAllowList::checkPattern);
        }
    }

    public static ModelAllowList of(List<String> patterns) {
        return new ModelAllowList(java.util.Objects.requireNonNull(patterns, "patterns"));
    }

    public boolean isAny() {
        return patterns == null;
    }

    public boolean allows(ModelRef model) {
        return isAny() || patterns.stream().anyMatch(pattern -> matches(pattern, model));
    }

    /**
     * The patterns that allow none of {@code known}: a typing error the admin API refuses
     * rather than store a key that can never call anything it was meant to.
     */
    public List<String> unmatched(Collection<ModelRef> known) {
        if (isAny()) {
            return List.of();
        }
        return patterns.stream().filter(pattern -> known.stream().noneMatch(model -> matches(pattern, model))).toList();
    }

    private static boolean matches(String pattern, ModelRef model) {
        return pattern.endsWith(WILDCARD)
                ? model.provider().equals(pattern.substring(0, pattern.length() - WILDCARD.length()))
                : pattern.equals(model.id());
    }

    private static void checkPattern(String pattern) {
        if (pattern == null) {
            throw new IllegalArgumentException("a model pattern must be a string");
        }
        boolean wildcard = pattern.endsWith(WILDCARD);
        String name = wildcard ? pattern.substring(0, pattern.length() - WILDCARD.length()) : pattern;
        int slash = name.indexOf('/');
        boolean valid = !name.contains("*") && name.chars().noneMatch(Character::isWhitespace)
                && (wildcard ? !name.isEmpty() && slash < 0 : slash > 0 && slash < name.length() - 1);
        if (!valid) {
            throw new IllegalArgumentException("model pattern '" + pattern
                    + "' is neither a model name (provider/model) nor a provider wildcard (provider/*)");
        }
    }
}
