package io.llmbridge.adapter.out.audit;

import io.llmbridge.domain.Secret;
import io.llmbridge.domain.SecretMasking;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of what the audit writes. Upstream error messages are passed on as the
 * provider wrote them, and some providers echo the key they were sent; a client may paste a key
 * into a prompt or a model name. So every text is scrubbed of the gateway's own keys, whatever
 * their length and in every form {@link SecretMasking} knows (escaped, encoded, partly echoed),
 * and of anything shaped like a bearer token or a provider key.
 */
final class Redaction {
    static final String MASK = "[REDACTED]";
    private static final Pattern KEY_SHAPED = Pattern.compile(
            "(?i)(?<=bearer\\s)\\s*[A-Za-z0-9._~+/=\\-]{8,}"
                    + "|\\bsk-[A-Za-z0-9_\\-]{8,}"
                    + "|\\bAIza[0-9A-Za-z_\\-]{20,}"
                    + "|(?<=[?&](?:key|api_key|access_token)=)[^&\\s\"']+");

    private final SecretMasking secrets;

    Redaction(List<Secret> secrets) {
        this.secrets = new SecretMasking(secrets);
    }

    String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String scrubbed = secrets.mask(text, MASK);
        // Most fields (ids, model names, addresses) cannot match: skip the regex for them, since it
        // tries its look-behinds at every position and was the audit's main cost per request.
        return mayBeKeyShaped(scrubbed) ? KEY_SHAPED.matcher(scrubbed).replaceAll(MASK) : scrubbed;
    }

    /** False only when none of the pattern's anchors ("bearer", "sk-", "AIza", "=") is in the text. */
    static boolean mayBeKeyShaped(String text) {
        if (text.indexOf('=') >= 0 || text.contains("sk-") || text.contains("AIza")) {
            return true;
        }
        for (int i = 0; i + 6 <= text.length(); i++) {
            char c = text.charAt(i);
            if ((c == 'b' || c == 'B') && text.regionMatches(true, i, "bearer", 0, 6)) {
                return true;
            }
        }
        return false;
    }
}
