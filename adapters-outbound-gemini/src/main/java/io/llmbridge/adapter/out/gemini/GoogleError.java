package io.llmbridge.adapter.out.gemini;

import io.llmbridge.adapter.support.json.PlainJson;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * Google's error body, {@code {"error":{"code":429,"message":"…","status":"RESOURCE_EXHAUSTED",
 * "details":[…]}}}; any other body is kept as text for the message.
 */
record GoogleError(int httpStatus, String status, String text, Map<String, Object> error) {
    private static final String RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";
    private static final String ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo";

    static GoogleError parse(String body) {
        try {
            Map<String, Object> error = Values.object(PlainJson.parseObject(body), "error");
            if (error != null) {
                return of(error);
            }
        } catch (RuntimeException notJson) {
            // kept as text below
        }
        return new GoogleError(0, null, body.isBlank() ? null : body.strip(), null);
    }

    static GoogleError of(Map<String, Object> error) {
        int code = error != null && error.get("code") instanceof Number n ? n.intValue() : 0;
        return new GoogleError(code, Values.string(error, "status"), Values.string(error, "message"), error);
    }

    /** The canonical status Google pairs with an HTTP status, for bodies that do not name one. */
    static String statusOf(int httpStatus) {
        return switch (httpStatus) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> "INTERNAL";
        };
    }

    /**
     * Google answers a wrong or expired API key with 400 INVALID_ARGUMENT; only the
     * {@code ErrorInfo} reason ({@code API_KEY_INVALID}, ...) tells it from a bad request.
     */
    boolean rejectsKey() {
        return detail(ERROR_INFO, "reason") instanceof String reason && reason.startsWith("API_KEY_");
    }

    /** {@code RetryInfo.retryDelay} ("47.43s") as whole seconds for Retry-After, rounded up; null without one. */
    String retryDelaySeconds() {
        if (detail(RETRY_INFO, "retryDelay") instanceof String delay && delay.endsWith("s")) {
            try {
                return new BigDecimal(delay.substring(0, delay.length() - 1)).setScale(0, RoundingMode.CEILING).toPlainString();
            } catch (NumberFormatException ignored) {
                return null;
            }
        }
        return null;
    }

    /** A field of the first detail of the given {@code @type}. */
    private Object detail(String type, String field) {
        for (Object item : Values.list(error, "details")) {
            Map<String, Object> detail = Values.object(item);
            if (type.equals(Values.string(detail, "@type"))) {
                return detail.get(field);
            }
        }
        return null;
    }
}
