package io.llmbridge.bootstrap;

import io.llmbridge.application.port.out.provider.OutboundProxy;
import io.llmbridge.application.port.out.provider.ProxyServer;
import io.llmbridge.domain.Secret;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The proxies of providers with {@code requires_proxy: true}: the configuration's {@code proxy}
 * section when there is one, otherwise {@code https_proxy}/{@code HTTPS_PROXY},
 * {@code http_proxy}/{@code HTTP_PROXY} and {@code no_proxy}/{@code NO_PROXY} from the
 * environment (lower case first, as curl reads them). Proxy URLs may hold a password, so no
 * message ever quotes one.
 */
final class ProxySettings {
    static final String SECTION_SOURCE = "the proxy section of the configuration";
    static final String ENVIRONMENT_SOURCE = "HTTPS_PROXY/HTTP_PROXY in the environment";

    private ProxySettings() {
    }

    /** From the {@code proxy} section: {@code http}, {@code https}, {@code no_proxy} (a list or a comma-separated string). */
    static OutboundProxy fromSection(ConfigNode section) {
        section.mapping();
        return new OutboundProxy(server(section.get("http")), server(section.get("https")), noProxy(section.get("no_proxy")),
                SECTION_SOURCE);
    }

    /** From the environment; null when it names no proxy. */
    static OutboundProxy fromEnvironment(Map<String, String> environment) {
        ProxyServer https = variable(environment, "https_proxy", "HTTPS_PROXY");
        ProxyServer http = variable(environment, "http_proxy", "HTTP_PROXY");
        if (https == null && http == null) {
            return null;
        }
        String noProxy = first(environment, "no_proxy", "NO_PROXY");
        return new OutboundProxy(http, https, noProxy == null ? List.of() : Arrays.asList(noProxy.split(",")),
                ENVIRONMENT_SOURCE);
    }

    private static ProxyServer server(ConfigNode node) {
        String url = node.string(null);
        return url == null ? null : parse(url, node::problem);
    }

    private static List<String> noProxy(ConfigNode node) {
        if (node.value() instanceof String text) {
            return Arrays.asList(text.split(","));
        }
        return node.strings();
    }

    private static ProxyServer variable(Map<String, String> environment, String lower, String upper) {
        String name = environment.get(lower) != null && !environment.get(lower).isBlank() ? lower : upper;
        String url = environment.get(name);
        return url == null || url.isBlank() ? null
                : parse(url.strip(), what -> new ConfigProblem("environment", name, what));
    }

    private static String first(Map<String, String> environment, String lower, String upper) {
        String value = environment.get(lower);
        return value != null && !value.isBlank() ? value : environment.get(upper);
    }

    /**
     * {@code http://[user[:password]@]host[:port]}; without a scheme, {@code http://} is meant.
     * The port defaults to 80.
     */
    static ProxyServer parse(String url, java.util.function.Function<String, ConfigProblem> problem) {
        String text = url.contains("://") ? url : "http://" + url;
        String scheme = text.substring(0, text.indexOf("://")).toLowerCase(Locale.ROOT);
        if (scheme.startsWith("socks")) {
            throw problem.apply("SOCKS proxies are not supported; use an HTTP proxy (http://host:port), which also tunnels https upstreams with CONNECT");
        }
        if (scheme.equals("https")) {
            throw problem.apply("https:// proxies (TLS to the proxy itself) are not supported; use http://host:port, which still tunnels https upstreams with CONNECT");
        }
        if (!scheme.equals("http")) {
            throw problem.apply("must be an http://host:port URL");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw problem.apply("must be an http://[user:password@]host:port URL (special characters in the password percent-encoded)");
        }
        if (uri.getHost() == null) {
            throw problem.apply("must be an http://[user:password@]host:port URL (special characters in the password percent-encoded)");
        }
        String username = null;
        Secret password = null;
        if (uri.getRawUserInfo() != null) {
            String userInfo = uri.getRawUserInfo();
            int colon = userInfo.indexOf(':');
            try {
                username = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
                String secret = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
                password = secret.isEmpty() ? null : new Secret(secret);
            } catch (IllegalArgumentException badEscape) {
                throw problem.apply("has a user name or password with a broken %-escape");
            }
        }
        return new ProxyServer(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort(), username, password);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
