package io.llmbridge.adapter.support.json;

import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGeneratorFactory;
import jakarta.json.stream.JsonParserFactory;
import org.eclipse.parsson.api.BufferPool;

import java.util.Map;

/**
 * The JSON-P factories every adapter parses and writes with: looked up once (a bare
 * {@code Json.createParser()} searches for a provider on every call), and handing their parsers
 * and generators buffers kept per thread ({@link PerThreadBuffers}).
 */
public final class JsonFactories {
    static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final Map<String, ?> CONFIG = Map.of(BufferPool.class.getName(), new PerThreadBuffers());

    public static final JsonParserFactory PARSERS = PROVIDER.createParserFactory(CONFIG);
    public static final JsonGeneratorFactory GENERATORS = PROVIDER.createGeneratorFactory(CONFIG);

    private JsonFactories() {
    }
}
