package io.llmbridge.bootstrap;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import io.llmbridge.domain.Secret;
import io.llmbridge.domain.SecretMasking;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Masks the gateway's keys in each application log line, whatever wrote them (a message, its
 * arguments, an exception, a library's own log): the line is masked as encoded, so JSON-escaped
 * keys are found as well as plain ones. The keys are known only once the configuration has been
 * read, after the log was set up; until then nothing is masked, and nothing logged then holds one.
 */
final class MaskedEncoder extends EncoderBase<ILoggingEvent> {
    static final String MASK = "[REDACTED]";
    private static volatile SecretMasking secrets = new SecretMasking(List.of());

    private final Encoder<ILoggingEvent> encoder;

    MaskedEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    /** The keys every {@code MaskedEncoder} masks from now on: logback's context is one per process too. */
    static void mask(List<Secret> keys) {
        secrets = new SecretMasking(keys);
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        byte[] encoded = encoder.encode(event);
        String line = new String(encoded, StandardCharsets.UTF_8);
        String masked = secrets.mask(line, MASK);
        return masked == line ? encoded : masked.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] headerBytes() {
        return encoder.headerBytes();
    }

    @Override
    public byte[] footerBytes() {
        return encoder.footerBytes();
    }

    @Override
    public void start() {
        encoder.start();
        super.start();
    }

    @Override
    public void stop() {
        encoder.stop();
        super.stop();
    }
}
