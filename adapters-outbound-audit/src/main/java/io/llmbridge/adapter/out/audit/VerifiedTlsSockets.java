package io.llmbridge.adapter.out.audit;

import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.NoSuchAlgorithmException;

/**
 * TLS sockets to Logstash that check its host name as well as its certificate. A plain
 * {@code SSLSocketFactory} checks only that some trusted CA signed the certificate, so any host
 * the company CA ever certified could pose as Logstash and read the audit.
 */
final class VerifiedTlsSockets extends SocketFactory {
    private final SSLContext context;

    /** @param context the trust to check Logstash against; null for the JDK's */
    VerifiedTlsSockets(SSLContext context) {
        try {
            this.context = context != null ? context : SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("No TLS in this JDK: " + e.getMessage(), e);
        }
    }

    /** The appender connects the socket itself, to the configured host name, which is then verified. */
    @Override
    public Socket createSocket() throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        return socket;
    }

    // SocketFactory's other ways in, for completeness; each verifies the host as above.
    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        Socket socket = createSocket();
        if (local != null) {
            socket.bind(local);
        }
        socket.connect(remote);
        return socket;
    }
}
