package io.llmbridge.adapter.out.store;

import io.llmbridge.application.port.out.UsageGroup;
import io.llmbridge.application.port.out.UsageQuery;
import io.llmbridge.application.port.out.UsageStore;
import io.llmbridge.domain.UsageRow;
import io.llmbridge.domain.UsageTotals;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/** Usage rows in the {@code usage_row} table: appended through {@link UsageWriter}, added up in SQL. */
final class JdbcUsageStore implements UsageStore {
    private static final Map<UsageQuery.Dimension, String> COLUMNS = new EnumMap<>(Map.of(
            UsageQuery.Dimension.KEY, "key_name",
            UsageQuery.Dimension.TEAM, "team",
            UsageQuery.Dimension.MODEL, "model",
            UsageQuery.Dimension.DAY, "usage_day"));
    private static final String TOTAL = "COALESCE(total_tokens, COALESCE(prompt_tokens, 0) + COALESCE(completion_tokens, 0))";
    private static final String TOTALS = "SUM(requests) AS requests,"
            + " SUM(CASE WHEN outcome = 'failure' THEN requests ELSE 0 END) AS errors,"
            + " SUM(CASE WHEN outcome = 'cancelled' THEN requests ELSE 0 END) AS cancelled,"
            + " SUM(COALESCE(prompt_tokens, 0)) AS prompt_tokens,"
            + " SUM(COALESCE(completion_tokens, 0)) AS completion_tokens,"
            + " SUM(" + TOTAL + ") AS total_tokens,"
            + " SUM(COALESCE(reasoning_tokens, 0)) AS reasoning_tokens,"
            + " SUM(COALESCE(cached_tokens, 0)) AS cached_tokens,"
            + " SUM(CASE WHEN usage_source = 'provider' THEN requests ELSE 0 END) AS reported_requests,"
            + " SUM(CASE WHEN usage_source = 'estimated' THEN requests ELSE 0 END) AS estimated_requests,"
            + " SUM(CASE WHEN usage_source = 'estimated' THEN " + TOTAL + " ELSE 0 END) AS estimated_tokens,"
            + " SUM(cost) AS cost";

    private final DataSource dataSource;
    private final UsageWriter writer;
    private final Duration flushWait;

    JdbcUsageStore(DataSource dataSource, UsageWriter writer, Duration flushWait) {
        this.dataSource = dataSource;
        this.writer = writer;
        this.flushWait = flushWait;
    }

    @Override
    public void append(UsageRow row) {
        writer.append(row);
    }

    @Override
    public CompletableFuture<Void> flush() {
        return writer.flush();
    }

    @Override
    public Backlog backlog() {
        return writer.backlog();
    }

    @Override
    public List<UsageGroup> totals(UsageQuery query) {
        awaitOwnRows();
        List<Object> parameters = new ArrayList<>();
        String sql = select(query, parameters);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                Object parameter = parameters.get(i);
                if (parameter instanceof Instant time) {
                    Sql.setInstant(select, i + 1, time);
                } else {
                    select.setString(i + 1, (String) parameter);
                }
            }
            List<UsageGroup> groups = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (rows.getLong("requests") > 0) {
                        groups.add(group(query, rows));
                    }
                }
            }
            return groups;
        } catch (SQLException e) {
            throw Sql.unavailable("usage store", e);
        }
    }

    /**
     * A report asked for right after a call should show it: wait for this process's queued rows,
     * but never longer than the bound; a database that is down fails the query itself.
     */
    private void awaitOwnRows() {
        try {
            writer.flush().get(flushWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // reported by the query, or by the writer's own warning
        }
    }

    private static String select(UsageQuery query, List<Object> parameters) {
        List<String> where = new ArrayList<>();
        condition(where, parameters, "recorded_at >= ?", query.from());
        condition(where, parameters, "recorded_at < ?", query.to());
        condition(where, parameters, "team = ?", query.team());
        condition(where, parameters, "model = ?", query.model());
        condition(where, parameters, "key_name = ?", query.keyName());
        List<String> dimensions = query.groupBy().stream().map(COLUMNS::get).toList();
        StringBuilder sql = new StringBuilder("SELECT ");
        dimensions.forEach(column -> sql.append(column).append(", "));
        sql.append(TOTALS).append(" FROM usage_row");
        if (!where.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", where));
        }
        if (!dimensions.isEmpty()) {
            sql.append(" GROUP BY ").append(String.join(", ", dimensions));
            // Explicit, because H2 and PostgreSQL sort nulls (the keys in no team) differently.
            sql.append(" ORDER BY ").append(dimensions.stream().map(column -> column + " NULLS FIRST")
                    .collect(Collectors.joining(", ")));
        }
        return sql.toString();
    }

    private static void condition(List<String> where, List<Object> parameters, String sql, Object value) {
        if (value != null) {
            where.add(sql);
            parameters.add(value);
        }
    }

    private static UsageGroup group(UsageQuery query, ResultSet rows) throws SQLException {
        List<UsageQuery.Dimension> by = query.groupBy();
        Date day = by.contains(UsageQuery.Dimension.DAY) ? rows.getDate("usage_day") : null;
        UsageTotals totals = new UsageTotals(rows.getLong("requests"), rows.getLong("errors"),
                rows.getLong("cancelled"), rows.getLong("prompt_tokens"), rows.getLong("completion_tokens"),
                rows.getLong("total_tokens"), rows.getLong("reasoning_tokens"), rows.getLong("cached_tokens"),
                rows.getLong("reported_requests"), rows.getLong("estimated_requests"),
                rows.getLong("estimated_tokens"));
        return new UsageGroup(
                by.contains(UsageQuery.Dimension.KEY) ? rows.getString("key_name") : null,
                by.contains(UsageQuery.Dimension.TEAM) ? rows.getString("team") : null,
                by.contains(UsageQuery.Dimension.MODEL) ? rows.getString("model") : null,
                day == null ? null : day.toLocalDate(), totals, rows.getBigDecimal("cost"));
    }
}
