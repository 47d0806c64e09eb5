package io.llmbridge.adapter.out.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

import javax.sql.DataSource;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Brings the schema up to this code's version, and refuses a schema from a newer one. */
final class Migrations {
    private Migrations() {
    }

    static void apply(DataSource dataSource) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                // Flyway ignores migrations it does not know by default; a newer gateway may have
                // changed what the rows mean, so an older one must not write to them.
                .ignoreMigrationPatterns(new String[0])
                .cleanDisabled(true)
                .load();
        try {
            refuseFutureSchema(flyway.info().all());
            flyway.migrate();
        } catch (FlywayException e) {
            throw new IllegalStateException("The store's schema could not be brought up to date: " + e.getMessage(), e);
        }
    }

    private static void refuseFutureSchema(MigrationInfo[] migrations) {
        String future = Arrays.stream(migrations)
                .filter(migration -> migration.getState() == MigrationState.FUTURE_SUCCESS
                        || migration.getState() == MigrationState.FUTURE_FAILED)
                .map(migration -> migration.getVersion().getVersion())
                .collect(Collectors.joining(", "));
        if (!future.isEmpty()) {
            String known = Arrays.stream(migrations)
                    .filter(migration -> migration.getState() != MigrationState.FUTURE_SUCCESS
                            && migration.getState() != MigrationState.FUTURE_FAILED)
                    .map(migration -> migration.getVersion().getVersion())
                    .reduce((first, last) -> last).orElse("none");
            throw new IllegalStateException("The store's schema is newer than this gateway: the database has version "
                    + future + ", this gateway knows up to " + known
                    + ". Run the gateway version that migrated it, or a newer one.");
        }
    }
}
