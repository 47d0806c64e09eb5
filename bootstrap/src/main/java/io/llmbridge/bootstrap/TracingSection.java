package io.llmbridge.bootstrap;

import io.llmbridge.adapter.out.tracing.TracingSettings;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.function.Consumer;

/** The {@code tracing} section: off (null) unless it names {@code otlp_endpoint}. */
final class TracingSection {
    private static final Set<String> KEYS = Set.of("otlp_endpoint", "sample_ratio", "service_name", "requires_proxy", "queue_size");
    private static final int LONGEST_SERVICE_NAME = 255;
    /** A waiting span holds about a kilobyte: this many stay within a modest heap's share. */
    private static final int LARGEST_QUEUE = 100_000;

    private TracingSection() {
    }

    static GatewayConfig.Tracing read(ConfigNode node, GatewayConfig.Network network, Consumer<String> warnings) {
        if (!node.isPresent()) {
            return null;
        }
        node.warnUnknown(KEYS, warnings);
        ConfigNode endpointNode = node.get("otlp_endpoint");
        String endpoint = endpointNode.string(null);
        if (endpoint == null) {
            return null;
        }
        URI uri = endpoint(endpointNode, endpoint);
        ConfigNode ratioNode = node.get("sample_ratio");
        BigDecimal ratio = ratioNode.nonNegativeNumber(BigDecimal.ONE);
        if (ratio.compareTo(BigDecimal.ONE) > 0) {
            throw ratioNode.invalid("must be a number from 0 to 1");
        }
        ConfigNode nameNode = node.get("service_name");
        String serviceName = nameNode.string("llm-bridge");
        if (serviceName.length() > LONGEST_SERVICE_NAME) {
            throw nameNode.problem("must be at most " + LONGEST_SERVICE_NAME + " characters");
        }
        ConfigNode proxyNode = node.get("requires_proxy");
        boolean requiresProxy = proxyNode.bool(false);
        if (requiresProxy && network.proxy() == null) {
            throw proxyNode.problem("is true, but no proxy is configured: add a proxy section or set HTTPS_PROXY/HTTP_PROXY");
        }
        int queueSize = node.get("queue_size").intIn(TracingSettings.DEFAULT_QUEUE_SIZE, 1, LARGEST_QUEUE);
        return new GatewayConfig.Tracing(uri, ratio.doubleValue(), serviceName, requiresProxy, queueSize);
    }

    private static URI endpoint(ConfigNode node, String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw node.invalid("must be an http or https URL such as http://otel-collector:4318");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || uri.getHost() == null) {
            throw node.problem("must be an http or https URL with a host, such as http://otel-collector:4318");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            // A URL's credentials would end up in logs; a collector's token goes in a header, which is not supported yet.
            throw node.problem("must not carry credentials, a query or a fragment");
        }
        return uri;
    }
}
