package io.llmbridge.adapter.out.tokenizer;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import io.llmbridge.application.port.out.TokenCounter;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.GeneratedText;

/**
 * Counts tokens with jtokkit, whose encodings ship inside its jar: nothing is downloaded at run
 * time. {@code o200k_base} for the gpt-4o/4.1/5 and o-series families, {@code cl100k_base} for
 * every other model (see {@link ModelFamily}).
 */
public final class JtokkitTokenCounter implements TokenCounter {
    private final Encoding o200k;
    private final Encoding cl100k;

    private JtokkitTokenCounter(EncodingRegistry registry) {
        this.o200k = registry.getEncoding(EncodingType.O200K_BASE);
        this.cl100k = registry.getEncoding(EncodingType.CL100K_BASE);
    }

    /**
     * The shared counter. Its encodings take a moment and some megabytes to load, so they load
     * once, on the first call (at start-up when bootstrap asks for it), and are shared: they are
     * immutable and safe across threads.
     */
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
        return family.encoding() == EncodingType.O200K_BASE ? o200k : cl100k;
    }

    private static long count(Encoding encoding, String text) {
        // Ordinary: a client's text that spells a special token is text, not a control token.
        return text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }

    private static final class Holder {
        static final JtokkitTokenCounter INSTANCE = new JtokkitTokenCounter(Encodings.newLazyEncodingRegistry());
    }
}
