package io.llmbridge.adapter.support.json;

import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGeneratorFactory;
import jakarta.json.stream.JsonParserFactory;
import org.eclipse.parsson.api.BufferPool;
import org.eclipse.parsson.api.JsonConfig;

import java.util.Map;

/**
 * The JSON-P factories every adapter parses and writes with: looked up once (a bare
 * {@code Json.createParser()} searches for a provider on every call), and handing their parsers
 * and generators buffers kept per thread ({@link PerThreadBuffers}).
 */
public final class JsonFactories {
    static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final Map<String, ?> CONFIG = config(new PerThreadBuffers());

    public static final JsonParserFactory PARSERS = PROVIDER.createParserFactory(CONFIG);
    public static final JsonGeneratorFactory GENERATORS = PROVIDER.createGeneratorFactory(CONFIG);

    private JsonFactories() {
    }

    /**
     * Parsson's limits are set here, not left to system properties. Parsson refuses a document
     * as soon as it reaches its depth limit, so that limit is two above {@link PlainJson#MAX_DEPTH}:
     * {@code PlainJson}'s own check, with a clear message, is the one a deep document meets.
     */
    static Map<String, ?> config(BufferPool buffers) {
        return Map.of(BufferPool.class.getName(), buffers,
                JsonConfig.MAX_DEPTH, PlainJson.MAX_DEPTH + 2,
                JsonConfig.MAX_BIGDECIMAL_LEN, PlainJson.MAX_NUMBER_CHARS);
    }
}
