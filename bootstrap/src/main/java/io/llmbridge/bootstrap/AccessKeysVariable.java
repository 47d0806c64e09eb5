package io.llmbridge.bootstrap;

import io.llmbridge.adapter.out.config.InvalidAccessKeys;
import io.llmbridge.adapter.out.config.StaticAccessKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** {@code ACCESS_API_KEYS}, read once at start-up; an empty one is allowed but shouted about. */
final class AccessKeysVariable {
    private static final Logger LOG = LoggerFactory.getLogger(AccessKeysVariable.class);

    private AccessKeysVariable() {
    }

    static StaticAccessKeys read(Map<String, String> environment) {
        StaticAccessKeys accessKeys;
        try {
            accessKeys = StaticAccessKeys.parse(environment.get(StaticAccessKeys.VARIABLE));
        } catch (InvalidAccessKeys e) {
            throw new ConfigProblem("environment", StaticAccessKeys.VARIABLE, e.getMessage());
        }
        if (accessKeys.isEmpty()) {
            LOG.warn("*** {} is empty: every request to this gateway will be refused with 401. "
                    + "Set it in the environment or .env. ***", StaticAccessKeys.VARIABLE);
        } else {
            LOG.info("{} access key(s) loaded", accessKeys.size());
        }
        return accessKeys;
    }
}
