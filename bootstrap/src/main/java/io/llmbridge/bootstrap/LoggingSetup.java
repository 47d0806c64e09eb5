package io.llmbridge.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.llmbridge.domain.Secret;
import net.logstash.logback.encoder.LogstashEncoder;
import io.llmbridge.domain.Secret;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.util.List;

/**
 * Configures the application log from {@code logging}: replaces what {@link StartupLogging} set up,
 * before the server listens. JSON lines are written by logstash-logback-encoder, so a message is
 * a JSON string inside one object, never JSON text wrapped in another (the original service's
 * double encoding); field names follow ECS like the audit's. Every line is masked of the
 * gateway's keys once {@link #mask} has been told them.
 */
final class LoggingSetup {
    private static final String OTLP_EXPORTER_LOGGER = "io.opentelemetry.exporter.internal";

    private static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36}%replace( trace=%X{trace.id}){' trace=$', ''} - %msg%n";

    private LoggingSetup() {
    }

    static void apply(GatewayConfig config) {
        GatewayConfig.Logging logging = config.logging();
        // Helidon logs through java.util.logging; without the bridge its lines bypass this setup.
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        LoggerContext context = context();
        context.reset();
        // java.util.logging's levels follow logback's, so the bridge is not handed records that
        // would be dropped.
        LevelChangePropagator julLevels = new LevelChangePropagator();
        julLevels.setContext(context);
        julLevels.setResetJUL(true);
        julLevels.start();
        context.addListener(julLevels);

        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(logging.level()));
        // The OTLP exporter logs every failed export at ERROR with a stack trace; the tracing
        // adapter counts them and warns once per outage instead (docs/tracing.md).
        context.getLogger(OTLP_EXPORTER_LOGGER).setLevel(Level.OFF);
        if (logging.console()) {
            root.addAppender(console(context, logging.format()));
        }
        if (logging.file() != null) {
            try {
                root.addAppender(logging.file().appender(context, "FILE", encoder(context, logging.format())));
            } catch (IllegalStateException e) {
                throw new ConfigProblem(config.file().toString(), "logging.output.file.path", e.getMessage());
            }
        }
    }

    /** The access and provider keys to mask in every line from now on. */
    static void mask(List<Secret> keys) {
        MaskedEncoder.mask(keys);
    }

    /** Writes out and closes the application log: the last thing on the way out. */
    static void stop() {
        context().stop();
    }

    static ConsoleAppender<ILoggingEvent> console(LoggerContext context, GatewayConfig.Logging.Format format) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setEncoder(encoder(context, format));
        console.start();
        return console;
    }

    private static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    /** Every line masked of the gateway's keys ({@link MaskedEncoder}). */
    private static Encoder<ILoggingEvent> encoder(LoggerContext context, GatewayConfig.Logging.Format format) {
        MaskedEncoder masked = new MaskedEncoder(plainEncoder(context, format));
        masked.setContext(context);
        masked.start();
        return masked;
    }

    private static Encoder<ILoggingEvent> plainEncoder(LoggerContext context, GatewayConfig.Logging.Format format) {
        if (format == GatewayConfig.Logging.Format.TEXT) {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setContext(context);
            text.setPattern(TEXT_PATTERN);
            text.start();
            return text;
        }
        LogstashEncoder json = new LogstashEncoder();
        json.setContext(context);
        LogstashFieldNames names = new LogstashFieldNames();
        names.setLevel("log.level");
        names.setLogger("log.logger");
        names.setThread("process.thread.name");
        names.setStackTrace("error.stack_trace");
        names.setVersion("[ignore]");
        names.setLevelValue("[ignore]");
        json.setFieldNames(names);
        json.setTimeZone("UTC");
        json.setTimestampPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
        json.setLineSeparator("\n");
        json.start();
        return json;
    }
}
