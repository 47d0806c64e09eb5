package io.llmbridge.adapter.in.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.llmbridge.application.port.in.AuthenticationUseCase;
import io.llmbridge.application.port.in.ChatCompletionUseCase;
import io.llmbridge.application.port.in.KeyAdministrationUseCase;
import io.llmbridge.application.port.in.ListModelsUseCase;
import io.llmbridge.application.port.in.UsageReportUseCase;
import io.llmbridge.domain.TrustedProxies;

import java.time.Duration;
import java.util.List;

/**
 * OpenAI's REST surface, {@code /chat/completions} and {@code /models}, and the gateway's own
 * {@code /usage}; to register under {@code /v1}. Each use case is an {@link Endpoint} of its own;
 * this class only registers their routes, every one behind {@link ErrorResponses}' guard.
 */
public final class OpenAiHttpApi implements HttpService {
    private final List<Endpoint> endpoints;

    /** An API that believes no {@code X-Forwarded-For}. */
    public OpenAiHttpApi(AuthenticationUseCase authentication, ChatCompletionUseCase chat, ListModelsUseCase models,
                         UsageReportUseCase usage, long maxBodyBytes) {
        this(authentication, chat, models, usage, maxBodyBytes, TrustedProxies.NONE);
    }

    /**
     * @param maxBodyBytes   the largest request body accepted; larger ones get 413
     * @param trustedProxies the peers whose {@code X-Forwarded-For} names the client
     */
    public OpenAiHttpApi(AuthenticationUseCase authentication, ChatCompletionUseCase chat, ListModelsUseCase models,
                         UsageReportUseCase usage, long maxBodyBytes, TrustedProxies trustedProxies) {
        this(authentication, chat, models, usage, maxBodyBytes, trustedProxies, RequestBodies.DEFAULT_READ_TIMEOUT);
    }

    /** @param bodyTimeout how long a request body may take to arrive; a slower client's connection is closed */
    public OpenAiHttpApi(AuthenticationUseCase authentication, ChatCompletionUseCase chat, ListModelsUseCase models,
                         UsageReportUseCase usage, long maxBodyBytes, TrustedProxies trustedProxies, Duration bodyTimeout) {
        this(authentication, chat, models, usage, null, trustedProxies, new RequestBodies(maxBodyBytes, bodyTimeout, LargeBodies.ofHeap()));
    }

    /** With the admin API, {@code /admin/keys}. */
    public OpenAiHttpApi(AuthenticationUseCase authentication, ChatCompletionUseCase chat, ListModelsUseCase models,
                         UsageReportUseCase usage, KeyAdministrationUseCase admin, long maxBodyBytes,
                         TrustedProxies trustedProxies, Duration bodyTimeout) {
        this(authentication, chat, models, usage, admin, trustedProxies,
                new RequestBodies(maxBodyBytes, bodyTimeout, LargeBodies.ofHeap()));
    }

    OpenAiHttpApi(AuthenticationUseCase authentication, ChatCompletionUseCase chat, ListModelsUseCase models,
                  UsageReportUseCase usage, long maxBodyBytes, TrustedProxies trustedProxies, LargeBodies largeBodies) {
        this(authentication, chat, models, usage, null, trustedProxies,
                new RequestBodies(maxBodyBytes, RequestBodies.DEFAULT_READ_TIMEOUT, largeBodies));
    }

    /** @param admin null for an API without {@code /admin/keys} */
    OpenAiHttpApi(AuthenticationUseCase authentication, ChatCompletionUseCase chat, ListModelsUseCase models,
                  UsageReportUseCase usage, KeyAdministrationUseCase admin, TrustedProxies trustedProxies, RequestBodies bodies) {
        Reception reception = new Reception(authentication, trustedProxies);
        List<Endpoint> all = new java.util.ArrayList<>(List.of(
                new ChatCompletionsEndpoint(reception, chat, bodies),
                new ModelsEndpoint(reception, models),
                new UsageEndpoint(reception, usage)));
        if (admin != null) {
            all.add(new AdminKeysEndpoint(reception, admin, bodies));
        }
        this.endpoints = List.copyOf(all);
    }

    @Override
    public void routing(HttpRules rules) {
        List<Route> routes = endpoints.stream().flatMap(endpoint -> endpoint.routes().stream()).toList();
        routes.forEach(route -> rules.route(route.method(), route.path(), ErrorResponses.guarded(route.handler())));
        // Only after every route: a path's other methods, then any other path, are the client's mistake.
        routes.stream().map(Route::path).distinct().forEach(path -> rules.any(path, ErrorResponses::methodNotAllowed));
        rules.any(ErrorResponses::unknownEndpoint);
    }
}
