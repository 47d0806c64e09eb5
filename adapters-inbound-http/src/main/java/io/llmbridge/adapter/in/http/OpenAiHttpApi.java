package io.llmbridge.adapter.in.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.llmbridge.application.port.in.AuthenticationUseCase;
import io.llmbridge.application.port.in.ChatAdmission;
import io.llmbridge.application.port.in.ChatCompletionUseCase;
import io.llmbridge.application.port.in.EmbeddingsUseCase;
import io.llmbridge.application.port.in.KeyAdministrationUseCase;
import io.llmbridge.application.port.in.LimitsUseCase;
import io.llmbridge.application.port.in.ListModelsUseCase;
import io.llmbridge.application.port.in.PassThroughUseCase;
import io.llmbridge.application.port.in.UsageReportUseCase;
import io.llmbridge.domain.TrustedProxies;
import io.llmbridge.adapter.support.inbound.LargeBodies;
import io.llmbridge.adapter.support.inbound.RequestBodies;

import java.time.Duration;
import java.util.List;

/**
 * OpenAI's REST surface, {@code /chat/completions}, {@code /embeddings} and {@code /models}, and the gateway's own
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
        this(authentication, chat, models, usage, maxBodyBytes, trustedProxies, bodyTimeout, ChatAdmission.ALWAYS, null, null);
    }

    /** With no native pass-through: every Responses request is translated onto chat. */
    public OpenAiHttpApi(AuthenticationUseCase authentication, ChatCompletionUseCase chat, ListModelsUseCase models,
                         UsageReportUseCase usage, long maxBodyBytes, TrustedProxies trustedProxies, Duration bodyTimeout,
                         ChatAdmission admission, EmbeddingsUseCase embeddings, KeyAdministrationUseCase admin) {
        this(authentication, chat, models, usage, maxBodyBytes, trustedProxies, bodyTimeout, admission, embeddings, admin, null);
    }

    /**
     * @param admission  asked before each chat starts, told when it has ended: the gateway's drain
     * @param embeddings serves {@code /embeddings}; null for an API without it
     * @param admin      serves {@code /admin/keys}; null for an API without it
     * @param relay      relays {@code /responses} to providers that speak it; null to translate every one
     */
    public OpenAiHttpApi(AuthenticationUseCase authentication, ChatCompletionUseCase chat, ListModelsUseCase models,
                         UsageReportUseCase usage, long maxBodyBytes, TrustedProxies trustedProxies, Duration bodyTimeout,
                         ChatAdmission admission, EmbeddingsUseCase embeddings, KeyAdministrationUseCase admin,
                         PassThroughUseCase relay) {
        this(authentication, chat, models, usage, trustedProxies, new RequestBodies(maxBodyBytes, bodyTimeout, LargeBodies.ofHeap()),
                admission, embeddings, admin, relay);
    }

    OpenAiHttpApi(AuthenticationUseCase authentication, ChatCompletionUseCase chat, ListModelsUseCase models,
                  UsageReportUseCase usage, long maxBodyBytes, TrustedProxies trustedProxies, LargeBodies largeBodies) {
        this(authentication, chat, models, usage, trustedProxies,
                new RequestBodies(maxBodyBytes, RequestBodies.DEFAULT_READ_TIMEOUT, largeBodies), ChatAdmission.ALWAYS, null, null, null);
    }

    /** With the admin API only, for its tests. */
    OpenAiHttpApi(AuthenticationUseCase authentication, ChatCompletionUseCase chat, ListModelsUseCase models,
                  UsageReportUseCase usage, KeyAdministrationUseCase admin, TrustedProxies trustedProxies, RequestBodies bodies) {
        this(authentication, chat, models, usage, trustedProxies, bodies, ChatAdmission.ALWAYS, null, admin, null);
    }

    private OpenAiHttpApi(AuthenticationUseCase authentication, ChatCompletionUseCase chat, ListModelsUseCase models,
                          UsageReportUseCase usage, TrustedProxies trustedProxies, RequestBodies bodies,
                          ChatAdmission admission, EmbeddingsUseCase embeddings, KeyAdministrationUseCase admin,
                          PassThroughUseCase relay) {
        Reception reception = new Reception(authentication, trustedProxies);
        this.endpoints = java.util.stream.Stream.<Endpoint>of(
                new ChatCompletionsEndpoint(reception, chat, bodies, admission),
                new ResponsesEndpoint(reception, chat, bodies, admission, new RelayedResponses(relay)),
                new ModelsEndpoint(reception, models),
                new UsageEndpoint(reception, usage),
                embeddings == null ? null : new EmbeddingsEndpoint(reception, embeddings, bodies),
                admin == null ? null : new AdminKeysEndpoint(reception, admin, bodies))
                .filter(java.util.Objects::nonNull).toList();
    }

    private OpenAiHttpApi(List<Endpoint> endpoints) {
        this.endpoints = endpoints;
    }

    /** This API with {@code GET /limits} too. */
    public OpenAiHttpApi serving(LimitsUseCase limits, AuthenticationUseCase authentication, TrustedProxies trustedProxies) {
        List<Endpoint> all = new java.util.ArrayList<>(endpoints);
        all.add(new LimitsEndpoint(new Reception(authentication, trustedProxies), limits));
        return new OpenAiHttpApi(List.copyOf(all));
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
