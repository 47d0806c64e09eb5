package io.llmbridge.adapter.out.audit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.util.Duration;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.domain.ChatRecord;
import net.logstash.logback.appender.LogstashTcpSocketAppender;
import net.logstash.logback.composite.loggingevent.LogstashMarkersJsonProvider;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;

import javax.net.ssl.SSLContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The audit trail as JSON lines: one event per finished request, to a rolling file and, when
 * configured, to Logstash over TCP. It runs in a logback context of its own, so the application
 * log's configuration (levels, appenders, a reset) can neither silence nor pollute it.
 *
 * <p>Requests never write to disk or network themselves. The file is fed through a queue: a
 * slow disk is absorbed by it, and when the queue is full requests wait rather than events
 * being lost (the audit is a record; the application log is not). Logstash is fed through a
 * bounded ring buffer that drops new events when full, because a network peer can be away for
 * long. {@link #close()} writes out what is queued.
 */
public final class LogbackAuditLog implements ChatRecorder, AutoCloseable {
    static final String LOGGER_NAME = "io.llmbridge.audit";
    private static final int FILE_QUEUE_SIZE = 8192;
    private static final int FLUSH_ON_CLOSE_MILLIS = 10_000;
    private static final long LOGSTASH_WRITE_TIMEOUT_MILLIS = 30_000;
    private static final long LOGSTASH_GRACE_ON_CLOSE_MILLIS = 5_000;
    /** How late a refusal summary may be written after its interval ends. */
    private static final long SUMMARY_CHECK_MILLIS = 1_000;

    private final LoggerContext context;
    private final Logger logger;
    private final Redaction redaction;
    private final List<Appender<ILoggingEvent>> appenders;
    private final RefusalFlood refusals;
    /** Writes the refusal summaries as their intervals end; it never touches a request. */
    private final ScheduledExecutorService summaries = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("audit-refusals").daemon().factory());

    private LogbackAuditLog(LoggerContext context, Logger logger, Redaction redaction, List<Appender<ILoggingEvent>> appenders,
                            RefusalFlood refusals) {
        this.context = context;
        this.logger = logger;
        this.redaction = redaction;
        this.appenders = appenders;
        this.refusals = refusals;
    }

    /** Opens the file (creating its folder) and starts connecting to Logstash, if configured. */
    public static LogbackAuditLog open(AuditSettings settings) {
        LoggerContext context = new LoggerContext();
        context.setName("llm-bridge-audit");
        // A context made by hand has no MDC adapter, and events cannot be queued without one.
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.getStatusManager().add(new StatusForwarder());
        context.start();

        List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
        appenders.add(queued(context, settings.file().batchAppender(context, "audit-file", encoder(context))));
        if (settings.logstash() != null) {
            appenders.add(logstash(context, settings.logstash(), settings.trust()));
        }
        Logger logger = context.getLogger(LOGGER_NAME);
        logger.setAdditive(false);
        logger.setLevel(Level.INFO);
        appenders.forEach(logger::addAppender);
        LogbackAuditLog audit = new LogbackAuditLog(context, logger, new Redaction(settings.secrets()), List.copyOf(appenders),
                new RefusalFlood(settings.refusalInterval(), RefusalFlood.DEFAULT_MAX_ADDRESSES, System::nanoTime));
        long checkMillis = Math.min(SUMMARY_CHECK_MILLIS, settings.refusalInterval().toMillis());
        audit.summaries.scheduleWithFixedDelay(audit::writeDueSummaries, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
        return audit;
    }

    /**
     * Queues the record; its fields are made (and scrubbed) by the writer that encodes it, off
     * the request's thread. A record is immutable, so it can be handed over as it is.
     */
    @Override
    public void record(ChatRecord record) {
        if (refusals.admit(record)) {
            logger.info(new AuditMarker(record, redaction), record.request().context().action());
        }
    }

    private void writeDueSummaries() {
        try {
            write(refusals.due());
        } catch (RuntimeException e) {
            // A failed write must not end the schedule: the next summaries would never be written.
            context.getStatusManager().add(new ch.qos.logback.core.status.ErrorStatus("Could not write refusal summaries", this, e));
        }
    }

    private void write(List<RefusalFlood.Summary> due) {
        for (RefusalFlood.Summary summary : due) {
            logger.info(AuditMarker.summary(summary, redaction), summary.last().request().context().action());
        }
    }

    /** For tests: the audit's own status messages (drops, connection failures). */
    LoggerContext context() {
        return context;
    }

    /** Writes out every queued event (within bounds), then closes the file and the connection. */
    @Override
    public void close() {
        summaries.shutdownNow();
        write(refusals.drain());
        appenders.forEach(Appender::stop);
        context.stop();
    }

    /** Only {@code @timestamp} and the event's own fields: no logger, thread or level noise. */
    static LoggingEventCompositeJsonEncoder encoder(LoggerContext context) {
        LoggingEventCompositeJsonEncoder encoder = new LoggingEventCompositeJsonEncoder();
        encoder.setContext(context);
        encoder.getProviders().addProvider(new AuditTimestamp());
        encoder.getProviders().addProvider(new LogstashMarkersJsonProvider());
        // ndjson and Logstash's json_lines both split on \n, whatever the platform.
        encoder.setLineSeparator("\n");
        encoder.start();
        return encoder;
    }

    private static Appender<ILoggingEvent> queued(LoggerContext context, OutputStreamAppender<ILoggingEvent> file) {
        BatchingAppender queued = new BatchingAppender(file, FILE_QUEUE_SIZE, FLUSH_ON_CLOSE_MILLIS);
        queued.setContext(context);
        queued.setName("audit-file-queue");
        queued.start();
        return queued;
    }

    private static Appender<ILoggingEvent> logstash(LoggerContext context, AuditSettings.Logstash settings, SSLContext trust) {
        LogstashTcpSocketAppender tcp = new LogstashTcpSocketAppender();
        tcp.setContext(context);
        tcp.setName("audit-logstash");
        tcp.setAddDefaultStatusListener(false);
        tcp.addDestination(settings.host() + ":" + settings.port());
        tcp.setEncoder(encoder(context));
        tcp.setRingBufferSize(settings.bufferSize());
        // Zero: when the buffer is full the event is dropped at once; the request never waits.
        tcp.setAppendTimeout(Duration.buildByMilliseconds(0));
        tcp.setReconnectionDelay(Duration.buildByMilliseconds(settings.reconnectionDelay().toMillis()));
        // A Logstash that accepts but stops reading would otherwise hold the writer forever.
        tcp.setWriteTimeout(Duration.buildByMilliseconds(LOGSTASH_WRITE_TIMEOUT_MILLIS));
        tcp.setShutdownGracePeriod(Duration.buildByMilliseconds(LOGSTASH_GRACE_ON_CLOSE_MILLIS));
        if (settings.tls()) {
            tcp.setSocketFactory(new VerifiedTlsSockets(trust));
        }
        tcp.start();
        return tcp;
    }
}
