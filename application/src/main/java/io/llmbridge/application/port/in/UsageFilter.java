package io.llmbridge.application.port.in;

import java.time.Instant;
import java.util.List;

/**
 * Which part of the usage history a report covers. Every filter is optional (null).
 *
 * @param from    inclusive
 * @param to      exclusive
 * @param model   a public model name, exactly
 * @param groupBy the dimensions of the report's {@code groups}, in order; empty for none
 */
public record UsageFilter(Instant from, Instant to, String team, String model, List<Dimension> groupBy) {
    public enum Dimension { KEY, TEAM, MODEL, DAY }

    public static final UsageFilter NONE = new UsageFilter(null, null, null, null, List.of());

    /** @throws IllegalArgumentException when {@code from} is not before {@code to} or a dimension repeats */
    public UsageFilter {
        groupBy = List.copyOf(groupBy);
        if (groupBy.size() != groupBy.stream().distinct().count()) {
            throw new IllegalArgumentException("group_by names a dimension twice");
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
    }
}
