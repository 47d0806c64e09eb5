package io.llmbridge.adapter.out.anthropic;

import io.llmbridge.adapter.support.http.RelayedEvents;
import io.llmbridge.adapter.support.json.PlainJson;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.ClientText;
import io.llmbridge.domain.Usage;

import java.util.Map;

/**
 * What the gateway reads of a Messages answer relayed from Anthropic: its id ({@code msg_…}), its
 * usage (cache reads and writes included, counted into prompt tokens as OpenAI counts them) and
 * its {@code stop_reason}. In a stream only {@code message_start} and {@code message_delta} carry
 * them; every other event (text, thinking and signature deltas, {@code ping}) passes without
 * being parsed.
 */
final class MessagesFields implements RelayedEvents.Tap {
    private volatile AnthropicUsage usage;
    private volatile String stopReason;
    private volatile BridgeException failure;
    private volatile String messageId;

    /** The fields of a whole Message body; a body that is not a JSON object has none. */
    static MessagesFields of(byte[] body) {
        MessagesFields fields = new MessagesFields();
        try {
            fields.start(PlainJson.parseObject(body));
        } catch (RuntimeException e) {
            // relayed as it came; the client's SDK will say what is wrong with it
        }
        return fields;
    }

    @Override
    public void event(String data) {
        boolean start = data.contains("\"message_start\"");
        if (!start && !data.contains("\"message_delta\"") && !data.contains("\"error\"")) {
            return;
        }
        try {
            Map<String, Object> event = PlainJson.parseObject(data);
            if ("message_start".equals(event.get("type")) && event.get("message") instanceof Map<?, ?> message) {
                start(message);
            } else if ("error".equals(event.get("type")) && event.get("error") instanceof Map<?, ?> error) {
                failure = reported(error);
            } else if ("message_delta".equals(event.get("type"))) {
                if (event.get("delta") instanceof Map<?, ?> delta && delta.get("stop_reason") instanceof String reason) {
                    stopReason = reason;
                }
                AnthropicUsage so = usage;
                usage = (so == null ? AnthropicUsage.of(null) : so).updatedBy(event.get("usage"));
            }
        } catch (RuntimeException e) {
            // an event that is not JSON is relayed all the same
        }
    }

    private void start(Map<?, ?> message) {
        if (message.get("id") instanceof String id) {
            messageId = id;
        }
        if (message.get("usage") != null) {
            usage = AnthropicUsage.of(message.get("usage"));
        }
        if (message.get("stop_reason") instanceof String reason) {
            stopReason = reason;
        }
    }

    /** An {@code error} event: {@code overloaded_error} and {@code api_error} are the provider's fault, others the request's. */
    private static BridgeException reported(Map<?, ?> error) {
        String type = error.get("type") instanceof String name ? name : "api_error";
        String message = error.get("message") instanceof String text ? text : "Anthropic reported an error mid-stream.";
        ErrorKind kind = type.equals("rate_limit_error") ? ErrorKind.RATE_LIMITED
                : type.equals("invalid_request_error") ? ErrorKind.INVALID_REQUEST : ErrorKind.UPSTREAM_ERROR;
        return BridgeException.of(kind, "Anthropic: " + ClientText.name(message)).code(type).build();
    }

    @Override
    public BridgeException failure() {
        return failure;
    }

    @Override
    public String responseId() {
        return messageId;
    }

    @Override
    public Usage usage() {
        AnthropicUsage seen = usage;
        return seen == null ? null : seen.usage();
    }

    @Override
    public String finishReason() {
        String reason = stopReason;
        return reason == null ? null : OpenAiShapes.finishReason(reason);
    }
}
