package io.llmbridge.bench;

import io.llmbridge.domain.ModelRef;
import io.llmbridge.domain.ModelRoute;
import io.llmbridge.domain.ParamRules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;

/** The canned bodies bench/run.sh serves and sends (bench/mock), read from the class path. */
public final class Mock {
    public static final ModelRoute ROUTE = new ModelRoute(new ModelRef("mockjson", "gpt-4o-mini"), "gpt-4o-mini",
            null, Duration.ofSeconds(30), ParamRules.NONE);

    private Mock() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = Mock.class.getResourceAsStream("/mock/" + name)) {
            if (in == null) {
                throw new IllegalStateException("mock/" + name + " is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The client's chat request as bench/chat.lua sends it, non-streaming. */
    public static String request() {
        return text("request.json").replace("\"model\": \"MODEL\"", "\"model\": \"mockjson/gpt-4o-mini\"").strip();
    }
}
