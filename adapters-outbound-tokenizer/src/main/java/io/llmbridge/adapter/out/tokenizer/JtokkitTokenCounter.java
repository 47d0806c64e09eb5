package io.llmbridge.adapter.out.tokenizer;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import io.llmbridge.application.port.out.TokenCounter;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.GeneratedText;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts tokens with jtokkit, whose encodings ship inside its jar: nothing is downloaded at run
 * time. {@code o200k_base} for the gpt-4o/4.1/5 and o-series families, {@code cl100k_base} for
 * every other model (see {@link ModelFamily}).
 *
 * <p>An encoding takes a few hundred milliseconds of CPU and 12–27 MiB of heap to load, and a
 * gateway whose providers all report usage may never need one. So each loads on the first
 * estimate that needs it, which waits for it, and is then kept: encodings are immutable and safe
 * across threads.
 */
public final class JtokkitTokenCounter implements TokenCounter {
    private final EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
    private final Map<EncodingType, CompletableFuture<Encoding>> encodings = new ConcurrentHashMap<>();

    /** Tests only; the gateway uses {@link #shared()}. */
    JtokkitTokenCounter() {
    }

    /** The shared counter, so that each encoding is loaded once per process. */
    public static JtokkitTokenCounter shared() {
        return Holder.INSTANCE;
    }

    @Override
    public long promptTokens(String model, ChatRequest request) {
        ModelFamily family = ModelFamily.of(model);
        return new PromptTokens(encoding(family), family).count(request);
    }

    @Override
    public long completionTokens(String model, GeneratedText output) {
        Encoding encoding = encoding(ModelFamily.of(model));
        return count(encoding, output.content()) + count(encoding, output.reasoning()) + count(encoding, output.toolCalls());
    }

    private Encoding encoding(ModelFamily family) {
        // The load runs on a platform thread of its own: jtokkit loads inside a synchronized
        // block, which on JDK 21 would pin a virtual thread's carrier for the whole load.
        // Estimates that need the encoding meanwhile wait on the future, not on that lock.
        return encodings.computeIfAbsent(family.encoding(), type -> CompletableFuture.supplyAsync(
                () -> registry.getEncoding(type),
                task -> Thread.ofPlatform().daemon().name("jtokkit-load-" + type.getName()).start(task))).join();
    }

    /** The encodings loaded or loading so far. */
    Set<EncodingType> loadedEncodings() {
        return Set.copyOf(encodings.keySet());
    }

    private static long count(Encoding encoding, String text) {
        // Ordinary: a client's text that spells a special token is text, not a control token.
        return text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }

    private static final class Holder {
        static final JtokkitTokenCounter INSTANCE = new JtokkitTokenCounter();
    }
}
