package io.llmbridge.bootstrap;

import io.llmbridge.adapter.out.store.JdbcStore;
import io.llmbridge.adapter.out.store.StoreSettings;

import java.nio.file.Path;

/** Opens the store at start-up; a store that cannot be opened stops the start with one line naming {@code store.url}. */
final class StoreOpening {
    private StoreOpening() {
    }

    static JdbcStore open(Path configFile, StoreSettings settings) {
        try {
            return JdbcStore.open(settings);
        } catch (RuntimeException e) {
            // The store's messages name the URL without its parameters, never the password.
            throw new ConfigProblem(configFile.toString(), "store.url", e.getMessage());
        }
    }
}
