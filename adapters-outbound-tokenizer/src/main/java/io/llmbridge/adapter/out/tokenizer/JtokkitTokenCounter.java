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
import java.util.concurrent.CompletionException;
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
 *
 * <p>Every estimate is bounded in time and memory ({@link BoundedTokenizer}): past a ceiling the
 * count is extrapolated, so a prompt of any size costs at most tens of milliseconds.
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
        return new PromptTokens(new BoundedTokenizer(encoding(family)), family).count(request);
    }

    @Override
    public long completionTokens(String model, GeneratedText output) {
        BoundedTokenizer tokens = new BoundedTokenizer(encoding(ModelFamily.of(model)));
        return tokens.count(output.content()) + tokens.count(output.reasoning()) + tokens.count(output.toolCalls());
    }

    private Encoding encoding(ModelFamily family) {
        // The load runs on a platform thread of its own: jtokkit loads inside a synchronized
        // block, which on JDK 21 would pin a virtual thread's carrier for the whole load.
        // Estimates that need the encoding meanwhile wait on the future, not on that lock.
        CompletableFuture<Encoding> loading = encodings.computeIfAbsent(family.encoding(), type -> CompletableFuture.supplyAsync(
                () -> registry.getEncoding(type),
                task -> Thread.ofPlatform().daemon().name("jtokkit-load-" + type.getName()).start(task)));
        try {
            return loading.join();
        } catch (CompletionException failed) {
            // A load that failed (short of heap, say) is tried again by the next estimate, not kept.
            encodings.remove(family.encoding(), loading);
            throw failed;
        }
    }

    /** The encodings loaded or loading so far. */
    Set<EncodingType> loadedEncodings() {
        return Set.copyOf(encodings.keySet());
    }

    private static final class Holder {
        static final JtokkitTokenCounter INSTANCE = new JtokkitTokenCounter();
    }
}
