package io.llmbridge.adapter.out.tokenizer;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import io.llmbridge.application.port.out.TokenCounter;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.GeneratedText;

import java.util.concurrent.CompletableFuture;

/**
 * Counts tokens with jtokkit, whose encodings ship inside its jar: nothing is downloaded at run
 * time. {@code o200k_base} for the gpt-4o/4.1/5 and o-series families, {@code cl100k_base} for
 * every other model (see {@link ModelFamily}).
 */
public final class JtokkitTokenCounter implements TokenCounter {
    // Loading the encodings takes about a second of CPU: it runs on a thread of its own, so the
    // gateway serves its first requests meanwhile; only an estimate in that second waits.
    private CompletableFuture<Loaded> encodings;

    private JtokkitTokenCounter() {
    }

    /**
     * The shared counter. Its encodings take a moment and some megabytes to load, so they load
     * once, from {@link #loadInBackground()} or the first count, and are shared: they are
     * immutable and safe across threads.
     */
    public static JtokkitTokenCounter shared() {
        return Holder.INSTANCE;
    }

    /**
     * Starts loading the encodings unless that has begun. Bootstrap calls it once the server
     * listens, so the load does not compete with start-up for the CPU.
     */
    public void loadInBackground() {
        encodings();
    }

    private synchronized CompletableFuture<Loaded> encodings() {
        if (encodings == null) {
            encodings = CompletableFuture.supplyAsync(() -> {
                EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
                return new Loaded(registry.getEncoding(EncodingType.O200K_BASE), registry.getEncoding(EncodingType.CL100K_BASE));
            }, task -> Thread.ofVirtual().name("jtokkit-load").start(task));
        }
        return encodings;
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
        Loaded loaded = encodings().join();
        return family.encoding() == EncodingType.O200K_BASE ? loaded.o200k() : loaded.cl100k();
    }

    private record Loaded(Encoding o200k, Encoding cl100k) {
    }

    private static long count(Encoding encoding, String text) {
        // Ordinary: a client's text that spells a special token is text, not a control token.
        return text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }

    private static final class Holder {
        static final JtokkitTokenCounter INSTANCE = new JtokkitTokenCounter();
    }
}
