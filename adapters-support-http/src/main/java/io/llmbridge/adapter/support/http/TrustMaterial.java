package io.llmbridge.adapter.support.http;

import io.helidon.common.tls.Tls;
import io.llmbridge.application.port.out.provider.OutboundNetwork;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

/** The TLS settings of upstream connections: the JDK's trust, plus a company CA where one is given. */
final class TrustMaterial {
    private TrustMaterial() {
    }

    /** Disabled for plain HTTP, null when the JDK's defaults do. */
    static Tls tls(OutboundNetwork network, URI upstream) {
        if (!"https".equalsIgnoreCase(upstream.getScheme())) {
            // Redirects are not followed, so a plain-HTTP upstream never needs TLS. Helidon would
            // otherwise build its default SSL context (the JDK's CA list parsed) at start-up.
            return Tls.builder().enabled(false).build();
        }
        if (network.insecureSkipVerify()) {
            return Tls.builder().trustAll(true).endpointIdentificationAlgorithm(Tls.ENDPOINT_IDENTIFICATION_NONE).build();
        }
        if (network.extraTrust().isEmpty()) {
            return null;
        }
        // Helidon's own trust list would replace the JDK's: one context holding both keeps public
        // providers working next to the ones behind the company CA. Host names are still verified.
        return Tls.builder().sslContext(context(network.extraTrust()))
                .endpointIdentificationAlgorithm(Tls.ENDPOINT_IDENTIFICATION_HTTPS).build();
    }

    /** The JDK's trusted CAs and {@code extra} together. */
    static SSLContext context(List<X509Certificate> extra) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{trustManager(extra)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not set up TLS trust: " + e.getMessage(), e);
        }
    }

    /** What {@link #context} trusts, for clients that want the manager itself. */
    static X509TrustManager trustManager(List<X509Certificate> extra) {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int alias = 0;
            for (X509Certificate certificate : jdkDefaults()) {
                trusted.setCertificateEntry("jdk-" + alias++, certificate);
            }
            for (X509Certificate certificate : extra) {
                trusted.setCertificateEntry("extra-" + alias++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("Could not set up TLS trust: no X.509 trust manager");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("Could not set up TLS trust: " + e.getMessage(), e);
        }
    }

    private static X509Certificate[] jdkDefaults() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (var manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509.getAcceptedIssuers();
            }
        }
        return new X509Certificate[0];
    }
}
