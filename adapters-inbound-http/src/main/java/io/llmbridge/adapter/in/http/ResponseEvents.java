package io.llmbridge.adapter.in.http;

import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatChunk;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.Usage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.llmbridge.adapter.in.http.ResponseObjects.Ending;
import static io.llmbridge.adapter.in.http.ResponseObjects.Ids;

/**
 * A chat stream retold as the Responses API's streaming events, each numbered in
 * {@code sequence_number}: {@code response.created} and {@code response.in_progress}, then per
 * output item (reasoning, message, function call) its {@code added} event, its deltas and its
 * {@code done} events, and last {@code response.completed}, {@code response.incomplete} (cut by
 * the token limit or a filter) or {@code response.failed}. An item is closed when an item of
 * another kind begins: chat streams send reasoning, then text, then tool calls.
 */
final class ResponseEvents {
    private final ResponsesRequest request;
    private final RequestContext context;
    private final Ids ids;
    private final Consumer<Map<String, Object>> sink;
    private final List<Item> items = new ArrayList<>();
    /** The function calls by their index in the chat stream's {@code tool_calls}. */
    private final Map<Long, Call> calls = new HashMap<>();
    private TextItem reasoning;
    private TextItem message;
    private long sequence;
    private String finishReason;
    private Usage usage;

    /** @param sink takes each event, in order, to be sent as {@code event: <type>} with the event as data */
    ResponseEvents(ResponsesRequest request, RequestContext context, Consumer<Map<String, Object>> sink) {
        this.request = request;
        this.context = context;
        this.ids = Ids.of(context);
        this.sink = sink;
    }

    void start() {
        Map<String, Object> response = response(Ending.IN_PROGRESS);
        emit("response.created", "response", response);
        emit("response.in_progress", "response", response);
    }

    void chunk(ChatChunk chunk) {
        if (chunk.usage() != null) {
            usage = chunk.usage();
        }
        if (chunk.finishReason() != null && finishReason == null) {
            finishReason = chunk.finishReason();
        }
        if (notEmpty(chunk.reasoningDelta())) {
            if (reasoning == null) {
                closeText();
                reasoning = openText(TextKind.REASONING);
            }
            reasoning.append(chunk.reasoningDelta());
        }
        if (notEmpty(chunk.contentDelta())) {
            if (message == null) {
                closeText();
                message = openText(TextKind.MESSAGE);
            }
            message.append(chunk.contentDelta());
        }
        if (chunk.json().contains("\"tool_calls\"")) {
            toolCalls(PlainJson.parseObject(chunk.json()));
        }
    }

    /** The chat stream ended: every open item is closed and the response ends as its finish reason says. */
    void finish() {
        if (items.isEmpty()) {
            message = openText(TextKind.MESSAGE); // an empty answer is still a message, as in a whole Response
        }
        Ending ending = Ending.of(finishReason);
        closeAll(ending.itemStatus());
        emit(ending.status().equals(ResponseObjects.COMPLETED) ? "response.completed" : "response.incomplete",
                "response", response(ending));
    }

    /** The chat stream failed after it had started: the client learns it in-band, with what came before. */
    void fail(BridgeException error) {
        emit("response.failed", "response", response(Ending.failed(error)));
    }

    private Map<String, Object> response(Ending ending) {
        List<Object> output = new ArrayList<>(items.size());
        items.forEach(item -> output.add(item.json()));
        return ResponseObjects.response(ids, context, request.model(), ending, output, usage, request.settings());
    }

    private void toolCalls(Map<String, Object> chunk) {
        if (!(chunk.get("choices") instanceof List<?> choices) || choices.isEmpty()
                || !(choices.getFirst() instanceof Map<?, ?> choice) || !(choice.get("delta") instanceof Map<?, ?> delta)
                || !(delta.get("tool_calls") instanceof List<?> deltas)) {
            return;
        }
        for (Object value : deltas) {
            if (!(value instanceof Map<?, ?> callDelta)) {
                continue;
            }
            long index = callDelta.get("index") instanceof Number number ? number.longValue() : calls.size();
            Map<?, ?> function = callDelta.get("function") instanceof Map<?, ?> f ? f : Map.of();
            Call call = calls.get(index);
            if (call == null) {
                closeText();
                call = new Call(items.size(), ids.functionCall(items.size()),
                        callDelta.get("id") instanceof String id ? id : "call_" + ids.base() + "_" + items.size(),
                        function.get("name") instanceof String name ? name : "");
                calls.put(index, call);
                items.add(call);
                emit("response.output_item.added", "output_index", call.index, "item", call.json());
            }
            if (function.get("arguments") instanceof String arguments && !arguments.isEmpty()) {
                call.arguments.append(arguments);
                emit("response.function_call_arguments.delta", "item_id", call.id, "output_index", call.index, "delta", arguments);
            }
        }
    }

    private TextItem openText(TextKind kind) {
        int index = items.size();
        TextItem item = new TextItem(kind, index, kind == TextKind.MESSAGE ? ids.message(index) : ids.reasoning(index));
        items.add(item);
        emit("response.output_item.added", "output_index", index, "item", item.json());
        emit("response.content_part.added", "item_id", item.id, "output_index", index, "content_index", 0,
                "part", kind.part(""));
        return item;
    }

    private void closeText() {
        for (TextItem open : new TextItem[]{reasoning, message}) {
            if (open != null) {
                close(open, ResponseObjects.COMPLETED);
            }
        }
        reasoning = null;
        message = null;
    }

    private void closeAll(String status) {
        for (Item item : items) {
            if (item.status.equals(ResponseObjects.IN_PROGRESS)) {
                close(item, status);
            }
        }
    }

    private void close(Item item, String status) {
        item.status = status;
        switch (item) {
            case TextItem text -> {
                String whole = text.text.toString();
                if (text.kind == TextKind.MESSAGE) {
                    emit("response.output_text.done", "item_id", text.id, "output_index", text.index, "content_index", 0,
                            "text", whole, "logprobs", List.of());
                } else {
                    emit("response.reasoning_text.done", "item_id", text.id, "output_index", text.index, "content_index", 0,
                            "text", whole);
                }
                emit("response.content_part.done", "item_id", text.id, "output_index", text.index, "content_index", 0,
                        "part", text.kind.part(whole));
            }
            case Call call -> emit("response.function_call_arguments.done", "item_id", call.id, "output_index", call.index,
                    "name", call.name, "arguments", call.arguments.toString());
        }
        emit("response.output_item.done", "output_index", item.index, "item", item.json());
    }

    /** @param fields names and values, alternately, after {@code type} and {@code sequence_number} */
    private void emit(String type, Object... fields) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("sequence_number", sequence++);
        for (int i = 0; i < fields.length; i += 2) {
            event.put((String) fields[i], fields[i + 1]);
        }
        sink.accept(event);
    }

    private static boolean notEmpty(String text) {
        return text != null && !text.isEmpty();
    }

    private enum TextKind {
        MESSAGE, REASONING;

        Map<String, Object> part(String text) {
            return this == MESSAGE ? ResponseObjects.outputText(text) : ResponseObjects.reasoningText(text);
        }
    }

    private abstract static sealed class Item permits TextItem, Call {
        final int index;
        final String id;
        String status = ResponseObjects.IN_PROGRESS;

        Item(int index, String id) {
            this.index = index;
            this.id = id;
        }

        abstract Map<String, Object> json();
    }

    private final class TextItem extends Item {
        final TextKind kind;
        final StringBuilder text = new StringBuilder();

        TextItem(TextKind kind, int index, String id) {
            super(index, id);
            this.kind = kind;
        }

        void append(String delta) {
            text.append(delta);
            if (kind == TextKind.MESSAGE) {
                emit("response.output_text.delta", "item_id", id, "output_index", index, "content_index", 0,
                        "delta", delta, "logprobs", List.of());
            } else {
                emit("response.reasoning_text.delta", "item_id", id, "output_index", index, "content_index", 0, "delta", delta);
            }
        }

        @Override
        Map<String, Object> json() {
            // An item just added has no content yet; once text has come, it is the part so far.
            List<Object> content = status.equals(ResponseObjects.IN_PROGRESS) && text.isEmpty()
                    ? List.of() : List.of(kind.part(text.toString()));
            return kind == TextKind.MESSAGE ? ResponseObjects.message(id, status, content)
                    : ResponseObjects.reasoning(id, status, content);
        }
    }

    private static final class Call extends Item {
        final String callId;
        final String name;
        final StringBuilder arguments = new StringBuilder();

        Call(int index, String id, String callId, String name) {
            super(index, id);
            this.callId = callId;
            this.name = name;
        }

        @Override
        Map<String, Object> json() {
            return ResponseObjects.functionCall(id, status, callId, name, arguments.toString());
        }
    }
}
