package io.llmbridge.bootstrap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** {@code tls.trust_store}: the company's CA certificates, from a PEM bundle or a PKCS12 file. */
final class TrustStoreFile {
    static final String PASSWORD_VARIABLE = "TLS_TRUST_STORE_PASSWORD";

    private TrustStoreFile() {
    }

    /**
     * @param password for PKCS12; null reads a store whose certificates are not password-protected
     */
    static List<X509Certificate> load(Path file, String password, ConfigNode node) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw node.problem("cannot read " + file + ": " + e.getClass().getSimpleName());
        }
        List<X509Certificate> certificates;
        boolean pem = new String(bytes, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----");
        try {
            certificates = pem ? pem(bytes) : pkcs12(bytes, password);
        } catch (GeneralSecurityException | IOException e) {
            throw node.problem(file + " is neither a PEM bundle of certificates nor a PKCS12 file this gateway can read"
                    + " (a PKCS12 password goes in " + PASSWORD_VARIABLE + "): " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw node.problem(file + " holds no certificate" + (pem || password != null ? ""
                    : " it can read without a password (set " + PASSWORD_VARIABLE + ")"));
        }
        return certificates;
    }

    private static List<X509Certificate> pem(byte[] bytes) throws GeneralSecurityException {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))) {
            certificates.add((X509Certificate) certificate);
        }
        return certificates;
    }

    private static List<X509Certificate> pkcs12(byte[] bytes, String password) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(bytes), password == null ? null : password.toCharArray());
        List<X509Certificate> certificates = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            if (store.getCertificate(alias) instanceof X509Certificate certificate) {
                certificates.add(certificate);
            }
        }
        return certificates;
    }
}
