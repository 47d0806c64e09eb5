package io.llmbridge.adapter.out.store;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ErrorKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The few conversions both databases need spelled out the same way. */
final class Sql {
    private Sql() {
    }

    static void setInstant(PreparedStatement statement, int index, Instant time) throws SQLException {
        statement.setObject(index, time == null ? null : OffsetDateTime.ofInstant(time, ZoneOffset.UTC));
    }

    static Instant getInstant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime time = rows.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    static Long getLong(ResultSet rows, String column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : value;
    }

    static BridgeException unavailable(String what, SQLException cause) {
        return BridgeException.of(ErrorKind.UNAVAILABLE, "The " + what + " is unavailable; try again later.")
                .code("store_unavailable").cause(cause).build();
    }

    /** Rolls back, keeping the first failure the one reported. */
    static void rollback(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
