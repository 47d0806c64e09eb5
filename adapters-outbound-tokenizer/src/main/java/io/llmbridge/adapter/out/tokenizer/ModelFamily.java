package io.llmbridge.adapter.out.tokenizer;

import com.knuddels.jtokkit.api.EncodingType;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the counting depends on in a model's name: its encoding and the constants of OpenAI's
 * chat formatting. Models that are not OpenAI's (DeepSeek, Llama, Qwen…) have tokenizers of
 * their own that cannot be loaded offline; {@code cl100k_base} is the documented stand-in.
 *
 * @param tokensPerMessage the framing of each message ({@code <|start|>role…<|end|>})
 * @param tokensPerName    added when a message has a {@code name}
 * @param functionInit     the framing of each tool definition
 */
record ModelFamily(EncodingType encoding, int tokensPerMessage, int tokensPerName, int functionInit) {
    /** gpt-4o, gpt-4.1, gpt-4.5, gpt-5, gpt-oss, chatgpt-4o and the o-series (o1, o3, o4…). */
    private static final Pattern O200K = Pattern.compile("(gpt-4o|chatgpt-4o|gpt-4\\.1|gpt-4\\.5|gpt-5|gpt-oss|o\\d).*");

    static final ModelFamily O200K_CHAT = new ModelFamily(EncodingType.O200K_BASE, 3, 1, 7);
    static final ModelFamily CL100K_CHAT = new ModelFamily(EncodingType.CL100K_BASE, 3, 1, 10);
    /** gpt-3.5-turbo-0301 wrote a name instead of the role. */
    static final ModelFamily GPT_35_0301 = new ModelFamily(EncodingType.CL100K_BASE, 4, -1, 10);

    /**
     * @param model an upstream model id; a routing prefix ({@code openai/gpt-4o}) and a
     *              fine-tune prefix ({@code ft:gpt-4o-mini:…}) are looked through
     */
    static ModelFamily of(String model) {
        String name = model.toLowerCase(Locale.ROOT);
        name = name.substring(name.lastIndexOf('/') + 1);
        if (name.startsWith("ft:")) {
            name = name.substring(3);
        }
        if (O200K.matcher(name).matches()) {
            return O200K_CHAT;
        }
        return name.startsWith("gpt-3.5-turbo-0301") ? GPT_35_0301 : CL100K_CHAT;
    }
}
