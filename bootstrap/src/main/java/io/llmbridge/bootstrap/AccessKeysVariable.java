package io.llmbridge.bootstrap;

import io.llmbridge.adapter.out.config.InvalidAccessKeys;
import io.llmbridge.adapter.out.config.StaticAccessKeys;
import io.llmbridge.adapter.out.config.WeakKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * {@code ACCESS_API_KEYS}, read once at start-up; an empty one is allowed but shouted about, weak
 * keys only with {@code LLM_BRIDGE_INSECURE_DEMO_KEYS=true}, and shouted about too.
 */
final class AccessKeysVariable {
    private static final Logger LOG = LoggerFactory.getLogger(AccessKeysVariable.class);

    private AccessKeysVariable() {
    }

    static StaticAccessKeys read(Map<String, String> environment) {
        WeakKeys weakKeys = weakKeys(environment.get(StaticAccessKeys.INSECURE_DEMO_FLAG));
        StaticAccessKeys accessKeys;
        try {
            accessKeys = StaticAccessKeys.parse(environment.get(StaticAccessKeys.VARIABLE), weakKeys);
        } catch (InvalidAccessKeys e) {
            throw new ConfigProblem("environment", StaticAccessKeys.VARIABLE, e.getMessage());
        }
        if (weakKeys == WeakKeys.ACCEPTED) {
            LOG.warn("*** {}=true: insecure demo keys are accepted ({} of {} access key(s) are placeholders or shorter "
                            + "than {} characters). Remove it together with the demo key before anyone else can reach "
                            + "this gateway. ***", StaticAccessKeys.INSECURE_DEMO_FLAG, accessKeys.weak(), accessKeys.size(),
                    WeakKeys.SHORTEST);
        }
        if (accessKeys.isEmpty()) {
            LOG.warn("*** {} is empty: every request to this gateway will be refused with 401. "
                    + "Set it in the environment or .env. ***", StaticAccessKeys.VARIABLE);
        } else {
            LOG.info("{} access key(s) loaded", accessKeys.size());
        }
        return accessKeys;
    }

    private static WeakKeys weakKeys(String flag) {
        if (flag == null || flag.isBlank() || "false".equalsIgnoreCase(flag.strip())) {
            return WeakKeys.REFUSED;
        }
        if ("true".equalsIgnoreCase(flag.strip())) {
            return WeakKeys.ACCEPTED;
        }
        throw new ConfigProblem("environment", StaticAccessKeys.INSECURE_DEMO_FLAG, "must be true or false");
    }
}
