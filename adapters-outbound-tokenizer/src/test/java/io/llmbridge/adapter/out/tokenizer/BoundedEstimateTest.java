package io.llmbridge.adapter.out.tokenizer;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.GeneratedText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prompts no tokenizer can swallow whole are still estimated, plausibly and without failing. */
class BoundedEstimateTest {
    private static final int TEN_MIB = 10 * 1024 * 1024;
    private static final String PROSE = "The quick brown fox jumps over the lazy dog, and then it naps in the sun. ";

    private final JtokkitTokenCounter counter = JtokkitTokenCounter.shared();

    private static ChatRequest prompt(String content) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "user");
        message.put("content", content);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", "m");
        body.put("messages", List.of(message));
        return ChatRequest.from(body);
    }

    /** One "word" of 10 MiB: jtokkit alone needs more than a 256 MiB heap for a fifth of it. */
    @ParameterizedTest
    @ValueSource(strings = {"x", " ", "!", "é", "\uD83D\uDE00", "ab1"})
    void a_ten_mib_run_without_a_break_gets_a_plausible_estimate(String unit) {
        String run = unit.repeat(TEN_MIB / unit.length());

        long tokens = counter.promptTokens("gpt-4o", prompt(run));

        // The encodings spend from one token per 128 spaces to three per emoji (two chars) on such runs.
        assertTrue(tokens >= run.length() / 256 && tokens <= 2L * run.length(), unit + ": " + tokens);
    }

    @Test
    void a_huge_completion_is_estimated_too() {
        String run = "y".repeat(TEN_MIB);

        long tokens = counter.completionTokens("deepseek-chat", new GeneratedText(run, run, run));

        assertTrue(tokens >= 3L * TEN_MIB / 16 && tokens <= 3L * TEN_MIB, String.valueOf(tokens));
    }

    @Test
    void prose_beyond_the_ceiling_is_extrapolated_at_the_rate_of_what_was_counted() {
        String prose = PROSE.repeat(4 * BoundedTokenizer.MAX_CHARS / PROSE.length());
        Encoding o200k = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
        long exact = o200k.countTokensOrdinary(prose);

        long estimate = counter.completionTokens("gpt-4o", new GeneratedText(prose, null, null));

        assertTrue(Math.abs(estimate - exact) <= exact / 100, "estimate " + estimate + ", exact " + exact);
    }

    @Test
    void ordinary_text_below_the_ceiling_is_counted_exactly() {
        String prose = PROSE.repeat(BoundedTokenizer.MAX_CHARS / PROSE.length() - 1);
        Encoding cl100k = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

        assertEquals(cl100k.countTokensOrdinary(prose),
                counter.completionTokens("gpt-4", new GeneratedText(prose, null, null)));
    }
}
