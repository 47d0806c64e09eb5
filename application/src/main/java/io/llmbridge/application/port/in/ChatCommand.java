package io.llmbridge.application.port.in;

import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.quota.Headroom;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A chat completion from an authenticated caller, as a transport received it.
 *
 * @param headroom told, once the request is admitted or refused by its quotas, what the rate
 *                 headers should say; the transport shows it as it can (HTTP: {@code x-ratelimit-*})
 */
public record ChatCommand(Caller caller, ChatRequest request, RequestContext context, Consumer<Headroom> headroom) {
    /** For a transport that shows no rate headers. */
    public static final Consumer<Headroom> NO_HEADERS = headroom -> {
    };

    public ChatCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(headroom, "headroom");
    }

    /** A command whose transport shows no rate headers. */
    public ChatCommand(Caller caller, ChatRequest request, RequestContext context) {
        this(caller, request, context, NO_HEADERS);
    }
}
