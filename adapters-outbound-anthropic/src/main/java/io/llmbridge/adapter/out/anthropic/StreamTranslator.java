package io.llmbridge.adapter.out.anthropic;

import io.llmbridge.adapter.support.http.TranslatedStream;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.Usage;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Anthropic's stream events → OpenAI {@code chat.completion.chunk}s. Tool calls are numbered in
 * the order their blocks start (0, 1, 2…), whatever the content block's index, and each argument
 * fragment names its call's number. Usage comes last, on a chunk of its own, which the client
 * sees only when it asked for usage ({@code stream_options.include_usage}).
 */
final class StreamTranslator implements TranslatedStream.Translator {
    private static final String OBJECT = "chat.completion.chunk";

    private final long created;
    private final boolean includeUsage;
    private final AnthropicFailures failures;
    /** Content block index → tool call number. */
    private final Map<Long, Integer> toolCalls = new HashMap<>();
    private String upstreamRequestId;
    private String id;
    /** Anthropic's message id; the chunks' id when it gave none. */
    private String responseId;
    private String model;
    private AnthropicUsage usage = AnthropicUsage.of(null);
    private String stopReason;
    private boolean stopped;

    StreamTranslator(long created, boolean includeUsage, String upstreamRequestId, AnthropicFailures failures) {
        this.created = created;
        this.includeUsage = includeUsage;
        this.upstreamRequestId = upstreamRequestId;
        this.failures = failures;
    }

    @Override
    public List<ChatChunk> onData(String data) {
        Map<String, Object> event;
        try {
            event = PlainJson.parseObject(data);
        } catch (RuntimeException e) {
            throw failures.brokenStream("sent an event that is not a JSON object");
        }
        String type = event.get("type") instanceof String name ? name : "";
        if (id == null && !type.equals("message_start") && !type.equals("ping") && !type.equals("error")) {
            throw failures.brokenStream("sent '" + type + "' before message_start");
        }
        return switch (type) {
            case "message_start" -> start(event.get("message") instanceof Map<?, ?> message ? message : Map.of());
            case "content_block_start" -> blockStart(index(event), event.get("content_block") instanceof Map<?, ?> b ? b : Map.of());
            case "content_block_delta" -> blockDelta(index(event), event.get("delta") instanceof Map<?, ?> d ? d : Map.of());
            case "message_delta" -> {
                if (event.get("delta") instanceof Map<?, ?> delta && delta.get("stop_reason") instanceof String reason) {
                    stopReason = reason;
                }
                usage = usage.updatedBy(event.get("usage"));
                yield List.of();
            }
            case "message_stop" -> stop();
            case "error" -> throw failures.inStream(event);
            default -> List.of(); // ping, content_block_stop, and event types Anthropic may add
        };
    }

    private List<ChatChunk> start(Map<?, ?> message) {
        String messageId = message.get("id") instanceof String text ? text : null;
        id = OpenAiShapes.completionId(messageId);
        responseId = messageId != null ? messageId : id;
        model = message.get("model") instanceof String text ? text : null;
        upstreamRequestId = upstreamRequestId != null ? upstreamRequestId : messageId;
        usage = AnthropicUsage.of(message.get("usage"));
        Map<String, Object> delta = new LinkedHashMap<>();
        delta.put("role", "assistant");
        delta.put("content", "");
        return List.of(chunk(delta, null, null, null, null, null));
    }

    private List<ChatChunk> blockStart(long index, Map<?, ?> block) {
        Object type = block.get("type");
        if ("tool_use".equals(type)) {
            int number = toolCalls.size();
            toolCalls.put(index, number);
            String name = String.valueOf(block.get("name"));
            Map<String, Object> call = OpenAiShapes.toolCall(String.valueOf(block.get("id")), name, "");
            call.put("index", number);
            return List.of(chunk(Map.of("tool_calls", List.of(indexFirst(call))), null, null, null, null, name));
        }
        if ("text".equals(type) && block.get("text") instanceof String text && !text.isEmpty()) {
            return List.of(chunk(Map.of("content", text), text, null, null, null, null));
        }
        return List.of();
    }

    private List<ChatChunk> blockDelta(long index, Map<?, ?> delta) {
        String type = delta.get("type") instanceof String name ? name : "";
        switch (type) {
            case "text_delta" -> {
                String text = String.valueOf(delta.get("text"));
                return List.of(chunk(Map.of("content", text), text, null, null, null, null));
            }
            case "thinking_delta" -> {
                String thinking = String.valueOf(delta.get("thinking"));
                return List.of(chunk(Map.of("reasoning_content", thinking), null, null, null, thinking, null));
            }
            case "input_json_delta" -> {
                Integer number = toolCalls.get(index);
                if (number == null) {
                    throw failures.brokenStream("sent tool input for a block that is not a tool call");
                }
                String fragment = String.valueOf(delta.get("partial_json"));
                Map<String, Object> call = new LinkedHashMap<>();
                call.put("index", number);
                call.put("function", Map.of("arguments", fragment));
                return List.of(chunk(Map.of("tool_calls", List.of(call)), null, null, null, null, fragment));
            }
            default -> {
                return List.of(); // signature_delta, citations: nothing an OpenAI client reads
            }
        }
    }

    private List<ChatChunk> stop() {
        stopped = true;
        String finishReason = OpenAiShapes.finishReason(stopReason);
        ChatChunk finish = chunk(Map.of(), null, finishReason, null, null, null);
        Map<String, Object> usageJson = OpenAiShapes.envelope(id, OBJECT, created, model);
        usageJson.put("choices", List.of());
        usageJson.put("usage", usage.json());
        ChatChunk usageChunk = new ChatChunk(PlainJson.write(usageJson), null, null, usage.usage(), null, null, true);
        return List.of(finish, includeUsage ? usageChunk : usageChunk.notForClient());
    }

    @Override
    public List<ChatChunk> onEnd() {
        if (!stopped) {
            throw failures.brokenStream("closed the stream before it finished");
        }
        return List.of();
    }

    @Override
    public String upstreamRequestId() {
        return upstreamRequestId;
    }

    @Override
    public String responseId() {
        return responseId;
    }

    private ChatChunk chunk(Map<String, Object> delta, String content, String finishReason, Usage usage,
                            String reasoning, String toolCallText) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("delta", delta);
        choice.put("logprobs", null);
        choice.put("finish_reason", finishReason);
        Map<String, Object> json = OpenAiShapes.envelope(id, OBJECT, created, model);
        json.put("choices", List.of(choice));
        return new ChatChunk(PlainJson.write(json), content, finishReason, usage, reasoning, toolCallText, true);
    }

    /** OpenAI's streamed tool calls lead with their index. */
    private static Map<String, Object> indexFirst(Map<String, Object> call) {
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("index", call.remove("index"));
        ordered.putAll(call);
        return ordered;
    }

    private long index(Map<String, Object> event) {
        if (event.get("index") instanceof Number number) {
            return number.longValue();
        }
        throw failures.brokenStream("sent a content block event without an index");
    }
}
