package io.llmbridge.adapter.out.gemini;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ClientText;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.JsonValues;

/**
 * The 400s of the translation. A client field Gemini cannot honour is refused rather than dropped,
 * so nobody believes a setting took effect when it did not.
 */
final class Refusals {
    private Refusals() {
    }

    /** A field, or a value of it, that has no Gemini equivalent. */
    static BridgeException untranslatable(String param, String why) {
        return BridgeException.of(ErrorKind.INVALID_REQUEST, "'" + param + "' cannot be sent to Gemini: " + why
                        + " Remove it, or have the route's param_config delete it.")
                .param(param).code("unsupported_parameter").build();
    }

    /** A value of the wrong JSON type or outside what OpenAI's API allows. */
    static BridgeException invalid(String param, String expected, Object actual) {
        return BridgeException.invalidRequest(param, "'" + param + "' must be " + expected + ", not "
                + (actual instanceof String text ? "'" + ClientText.name(text) + "'" : JsonValues.typeName(actual)) + ".");
    }
}
