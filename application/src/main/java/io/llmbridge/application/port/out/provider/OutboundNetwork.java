package io.llmbridge.application.port.out.provider;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * How a provider reaches its upstream: through a proxy or not, and which certificates it trusts.
 *
 * @param proxy              the proxies to use; null to connect directly
 * @param extraTrust         certificates trusted besides the JDK's own (a company CA); may be empty
 * @param insecureSkipVerify accept any certificate and host name: for tests only
 */
public record OutboundNetwork(OutboundProxy proxy, List<X509Certificate> extraTrust, boolean insecureSkipVerify) {
    /** Direct connections, trusting what the JDK trusts. */
    public static final OutboundNetwork DIRECT = new OutboundNetwork(null, List.of(), false);

    public OutboundNetwork {
        extraTrust = List.copyOf(extraTrust);
    }
}
