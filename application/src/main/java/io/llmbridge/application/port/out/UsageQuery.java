package io.llmbridge.application.port.out;

import java.time.Instant;
import java.util.List;

/**
 * Which usage rows to add up, and how to group them. Every filter is optional (null).
 *
 * @param from    inclusive
 * @param to      exclusive
 * @param keyName one key's rows (names are unique, so this is also one key's history)
 * @param model   a public model name, exactly
 * @param groupBy the dimensions to group by, in order; empty for one total
 */
public record UsageQuery(Instant from, Instant to, String team, String model, String keyName,
                         List<Dimension> groupBy) {
    public enum Dimension { KEY, TEAM, MODEL, DAY }

    public static final UsageQuery ALL = new UsageQuery(null, null, null, null, null, List.of());

    public UsageQuery {
        groupBy = List.copyOf(groupBy);
        if (groupBy.size() != groupBy.stream().distinct().count()) {
            throw new IllegalArgumentException("group_by names a dimension twice: " + groupBy);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
    }

    public UsageQuery from(Instant from) {
        return new UsageQuery(from, to, team, model, keyName, groupBy);
    }

    public UsageQuery to(Instant to) {
        return new UsageQuery(from, to, team, model, keyName, groupBy);
    }

    public UsageQuery team(String team) {
        return new UsageQuery(from, to, team, model, keyName, groupBy);
    }

    public UsageQuery model(String model) {
        return new UsageQuery(from, to, team, model, keyName, groupBy);
    }

    public UsageQuery keyName(String keyName) {
        return new UsageQuery(from, to, team, model, keyName, groupBy);
    }

    public UsageQuery groupBy(Dimension... dimensions) {
        return new UsageQuery(from, to, team, model, keyName, List.of(dimensions));
    }
}
