package io.llmbridge.adapter.out.store;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.application.port.out.DuplicateKeyNameException;
import io.llmbridge.application.port.out.KeyStore;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.KeyHash;
import io.llmbridge.domain.KeyUpdate;
import io.llmbridge.domain.ManagedKey;
import io.llmbridge.domain.ModelAllowList;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Managed keys in the {@code managed_key} table; every change bumps {@code key_change.version}. */
final class JdbcKeyStore implements KeyStore {
    private static final String WHAT = "key store";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS = "id, name, team, role, models, expires_at, limits, metadata, created_at,"
            + " disabled, revoked_at, secret_salt, secret_hash";

    private final DataSource dataSource;

    JdbcKeyStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void create(ManagedKey key, KeyHash hash) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO managed_key (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, key.id());
                insert.setString(2, key.name());
                bindChangeable(insert, 3, key);
                insert.setString(8, json(key.metadata()));
                Sql.setInstant(insert, 9, key.createdAt());
                insert.setBoolean(10, key.disabled());
                Sql.setInstant(insert, 11, key.revokedAt());
                insert.setString(12, hash.encodedSalt());
                insert.setString(13, hash.encodedHash());
                insert.executeUpdate();
                bumpVersion(connection);
                connection.commit();
            } catch (SQLException e) {
                Sql.rollback(connection, e);
                if (UNIQUE_VIOLATION.equals(e.getSQLState()) && nameTaken(connection, key.name())) {
                    throw new DuplicateKeyNameException(key.name());
                }
                throw e;
            }
        } catch (SQLException e) {
            throw Sql.unavailable(WHAT, e);
        }
    }

    @Override
    public Optional<ManagedKey> find(String id) {
        try (Connection connection = dataSource.getConnection()) {
            return find(connection, id, false);
        } catch (SQLException e) {
            throw Sql.unavailable(WHAT, e);
        }
    }

    @Override
    public List<ManagedKey> list(String team) {
        String sql = "SELECT " + COLUMNS + " FROM managed_key" + (team == null ? "" : " WHERE team = ?")
                + " ORDER BY created_at, id";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            if (team != null) {
                select.setString(1, team);
            }
            List<ManagedKey> keys = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    keys.add(key(rows));
                }
            }
            return keys;
        } catch (SQLException e) {
            throw Sql.unavailable(WHAT, e);
        }
    }

    @Override
    public Optional<ManagedKey> update(String id, KeyUpdate update) {
        return change(id, update::applyTo);
    }

    @Override
    public Optional<ManagedKey> revoke(String id, Instant when) {
        return change(id, key -> key.revoked() ? key : key.revokedAt(when));
    }

    @Override
    public long version() {
        try (Connection connection = dataSource.getConnection()) {
            return version(connection);
        } catch (SQLException e) {
            throw Sql.unavailable(WHAT, e);
        }
    }

    @Override
    public ActiveKeys activeKeys() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                     + " FROM managed_key WHERE revoked_at IS NULL AND disabled = FALSE ORDER BY id")) {
            // The version first: a change committed between the two reads leaves an older
            // version with newer keys, so the next poll reloads once more rather than miss it.
            long version = version(connection);
            List<Credential> keys = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    keys.add(new Credential(key(rows),
                            KeyHash.decode(rows.getString("secret_salt"), rows.getString("secret_hash"))));
                }
            }
            return new ActiveKeys(version, keys);
        } catch (SQLException e) {
            throw Sql.unavailable(WHAT, e);
        }
    }

    /** Reads the key under a row lock, applies {@code change}, writes it back, in one transaction. */
    private Optional<ManagedKey> change(String id, java.util.function.UnaryOperator<ManagedKey> change) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Optional<ManagedKey> current = find(connection, id, true);
                if (current.isEmpty()) {
                    connection.rollback();
                    return current;
                }
                ManagedKey changed = change.apply(current.get());
                try (PreparedStatement write = connection.prepareStatement("UPDATE managed_key SET team = ?, role = ?,"
                        + " models = ?, expires_at = ?, limits = ?, disabled = ?, revoked_at = ? WHERE id = ?")) {
                    bindChangeable(write, 1, changed);
                    write.setBoolean(6, changed.disabled());
                    Sql.setInstant(write, 7, changed.revokedAt());
                    write.setString(8, id);
                    write.executeUpdate();
                }
                bumpVersion(connection);
                connection.commit();
                return Optional.of(changed);
            } catch (SQLException | RuntimeException e) {
                Sql.rollback(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw Sql.unavailable(WHAT, e);
        }
    }

    /** team, role, models, expires_at, limits: the five columns from {@code first} on. */
    private static void bindChangeable(PreparedStatement statement, int first, ManagedKey key) throws SQLException {
        statement.setString(first, key.team());
        statement.setString(first + 1, key.role().name().toLowerCase(Locale.ROOT));
        statement.setString(first + 2, key.models().isAny() ? null : PlainJson.write(key.models().patterns()));
        Sql.setInstant(statement, first + 3, key.expiresAt());
        statement.setString(first + 4, json(key.limits()));
    }

    private static Optional<ManagedKey> find(Connection connection, String id, boolean forUpdate) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM managed_key WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(key(rows)) : Optional.empty();
            }
        }
    }

    private static boolean nameTaken(Connection connection, String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM managed_key WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static long version(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT version FROM key_change WHERE id = 1");
             ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void bumpVersion(Connection connection) throws SQLException {
        try (PreparedStatement bump = connection.prepareStatement(
                "UPDATE key_change SET version = version + 1 WHERE id = 1")) {
            bump.executeUpdate();
        }
    }

    @SuppressWarnings("unchecked")
    private static ManagedKey key(ResultSet rows) throws SQLException {
        String models = rows.getString("models");
        return new ManagedKey(rows.getString("id"), rows.getString("name"), rows.getString("team"),
                Caller.Role.valueOf(rows.getString("role").toUpperCase(Locale.ROOT)),
                models == null ? ModelAllowList.ANY : ModelAllowList.of((List<String>) PlainJson.parse(models)),
                Sql.getInstant(rows, "expires_at"), object(rows.getString("limits")),
                object(rows.getString("metadata")), Sql.getInstant(rows, "created_at"), rows.getBoolean("disabled"),
                Sql.getInstant(rows, "revoked_at"));
    }

    private static String json(Map<String, Object> object) {
        return object == null ? null : PlainJson.write(object);
    }

    private static Map<String, Object> object(String json) {
        return json == null ? null : PlainJson.parseObject(json);
    }
}
