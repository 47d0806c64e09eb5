package io.llmbridge.adapter.in.http;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.Embeddings;
import io.llmbridge.domain.Usage;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Embeddings in OpenAI's {@code object: list} shape, as floats or, as OpenAI encodes them, base64. */
final class EmbeddingsJson {
    private EmbeddingsJson() {
    }

    static String write(Embeddings answer, boolean base64) {
        List<Object> data = new ArrayList<>(answer.vectors().size());
        for (int i = 0; i < answer.vectors().size(); i++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("object", "embedding");
            item.put("index", i);
            float[] vector = answer.vectors().get(i);
            item.put("embedding", base64 ? base64(vector) : floats(vector));
            data.add(item);
        }
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("object", "list");
        list.put("data", data);
        list.put("model", answer.model());
        if (answer.usage() != null) {
            list.put("usage", usage(answer.usage()));
        }
        return PlainJson.write(list);
    }

    /** An upstream's answer that had no usage, with the gateway's count; every other field as it was. */
    static String withUsage(String json, Usage usage) {
        Map<String, Object> list = new LinkedHashMap<>(PlainJson.parseObject(json));
        list.put("usage", usage(usage));
        return PlainJson.write(list);
    }

    /** Little-endian float32, as OpenAI's base64 embeddings are. */
    static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    /** Each float in its shortest form, as a float32 prints, not widened to a double's digits. */
    private static List<BigDecimal> floats(float[] vector) {
        List<BigDecimal> values = new ArrayList<>(vector.length);
        for (float value : vector) {
            values.add(new BigDecimal(Float.toString(value)));
        }
        return values;
    }

    private static Map<String, Object> usage(Usage usage) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("prompt_tokens", usage.promptTokens());
        json.put("total_tokens", usage.totalTokens());
        return json;
    }
}
