package io.llmbridge.application.service;

import io.llmbridge.domain.ChatRequest;
import io.llmbridge.domain.ModelRoute;

import java.util.LinkedHashMap;
import java.util.Map;

/** The client's request as one route sends it: its param rules applied, its token limit enforced. */
final class RouteRequests {
    private static final String[] MAX_TOKEN_FIELDS = {"max_tokens", "max_completion_tokens"};

    private RouteRequests() {
    }

    static ChatRequest prepare(ModelRoute route, ChatRequest request) {
        return request.withBody(clampMaxTokens(route, route.paramRules().applyTo(request.body())));
    }

    /** A request asking for more than the route allows is clamped to the route's limit. */
    private static Map<String, Object> clampMaxTokens(ModelRoute route, Map<String, Object> body) {
        Long limit = route.maxTokens();
        if (limit == null) {
            return body;
        }
        Map<String, Object> clamped = null;
        for (String field : MAX_TOKEN_FIELDS) {
            if (body.get(field) instanceof Number asked && asked.doubleValue() > limit) {
                if (clamped == null) {
                    clamped = new LinkedHashMap<>(body);
                }
                clamped.put(field, limit);
            }
        }
        return clamped == null ? body : clamped;
    }
}
