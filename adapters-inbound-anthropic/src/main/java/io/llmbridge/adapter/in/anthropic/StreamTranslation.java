package io.llmbridge.adapter.in.anthropic;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.Usage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Turns chat chunks into Anthropic's stream events, one content block at a time: reasoning into a
 * {@code thinking} block ({@code thinking_delta}), text into a {@code text} block
 * ({@code text_delta}), each tool call into a {@code tool_use} block whose argument fragments are
 * {@code input_json_delta}s. A new kind of output (or a new tool call) stops the open block and
 * starts the next. The finish reason and usage of the last chunks make the {@code message_delta}.
 * Events go to {@code emit} as (event type, JSON object).
 */
final class StreamTranslation {
    private enum Block { NONE, THINKING, TEXT, TOOL }

    private final BiConsumer<String, Map<String, Object>> emit;
    private final Map<Long, Integer> blockOfTool = new HashMap<>();
    private Block open = Block.NONE;
    private int index = -1;
    private Long openTool;
    private String finishReason;
    private Usage usage;

    StreamTranslation(BiConsumer<String, Map<String, Object>> emit) {
        this.emit = emit;
    }

    void start(String id, String model) {
        emit.accept("message_start", Fields.ordered("type", "message_start", "message", Fields.ordered(
                "id", id, "type", "message", "role", "assistant", "model", model, "content", List.of(),
                "stop_reason", null, "stop_sequence", null, "usage", MessagesUsage.json(null))));
    }

    void chunk(ChatChunk chunk) {
        if (chunk.usage() != null) {
            usage = chunk.usage();
        }
        if (chunk.finishReason() != null) {
            finishReason = chunk.finishReason();
        }
        Map<?, ?> delta = choiceDelta(PlainJson.parseObject(chunk.json()));
        String reasoning = MessagesResponse.reasoning(delta);
        if (!reasoning.isEmpty()) {
            ensureOpen(Block.THINKING, null, Fields.ordered("type", "thinking", "thinking", "", "signature", ""));
            blockDelta(Fields.ordered("type", "thinking_delta", "thinking", reasoning));
        }
        if (delta.get("content") instanceof String text && !text.isEmpty()) {
            ensureOpen(Block.TEXT, null, Fields.ordered("type", "text", "text", ""));
            blockDelta(Fields.ordered("type", "text_delta", "text", text));
        }
        if (delta.get("tool_calls") instanceof List<?> calls) {
            for (Object call : calls) {
                if (call instanceof Map<?, ?> toolCall) {
                    toolCall(toolCall);
                }
            }
        }
    }

    void end() {
        stopOpen();
        Map<String, Object> usageJson = MessagesUsage.json(usage);
        emit.accept("message_delta", Fields.ordered("type", "message_delta",
                "delta", Fields.ordered("stop_reason", MessagesUsage.stopReason(finishReason), "stop_sequence", null),
                "usage", usageJson));
        emit.accept("message_stop", Fields.ordered("type", "message_stop"));
    }

    private void toolCall(Map<?, ?> call) {
        long tool = call.get("index") instanceof Number n ? n.longValue() : 0;
        Map<?, ?> function = call.get("function") instanceof Map<?, ?> f ? f : Map.of();
        if (!blockOfTool.containsKey(tool)) {
            // A call's first fragment names it; later ones only add arguments.
            ensureOpen(Block.TOOL, tool, Fields.ordered("type", "tool_use", "id", call.get("id"),
                    "name", function.get("name"), "input", Map.of()));
            blockOfTool.put(tool, index);
        }
        if (function.get("arguments") instanceof String arguments && !arguments.isEmpty()) {
            emit.accept("content_block_delta", Fields.ordered("type", "content_block_delta", "index", blockOfTool.get(tool),
                    "delta", Fields.ordered("type", "input_json_delta", "partial_json", arguments)));
        }
    }

    private void ensureOpen(Block kind, Long tool, Map<String, Object> contentBlock) {
        if (open == kind && java.util.Objects.equals(openTool, tool)) {
            return;
        }
        stopOpen();
        open = kind;
        openTool = tool;
        index++;
        emit.accept("content_block_start", Fields.ordered("type", "content_block_start", "index", index,
                "content_block", contentBlock));
    }

    private void stopOpen() {
        if (open != Block.NONE) {
            emit.accept("content_block_stop", Fields.ordered("type", "content_block_stop", "index", index));
            open = Block.NONE;
            openTool = null;
        }
    }

    private void blockDelta(Map<String, Object> delta) {
        emit.accept("content_block_delta", Fields.ordered("type", "content_block_delta", "index", index, "delta", delta));
    }

    private static Map<?, ?> choiceDelta(Map<String, Object> chunk) {
        if (chunk.get("choices") instanceof List<?> choices && !choices.isEmpty()
                && choices.getFirst() instanceof Map<?, ?> choice && choice.get("delta") instanceof Map<?, ?> delta) {
            return delta;
        }
        return Map.of();
    }
}
