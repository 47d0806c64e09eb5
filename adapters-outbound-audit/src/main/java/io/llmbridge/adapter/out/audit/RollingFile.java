package io.llmbridge.adapter.out.audit;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.util.FileSize;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A log file that is rolled by size and keeps {@code backupCount} archives, named like the
 * original service's: {@code audit.log}, {@code audit.log.1} (newest) … {@code audit.log.N}.
 * The application log rolls by the same rules, so bootstrap uses this too.
 *
 * @param maxSize     bytes after which the file is rolled (checked before every event, so a
 *                    file exceeds it by one event at most; counted as written, not asked of the
 *                    file system)
 * @param backupCount archives kept, 1 to {@value #MAX_BACKUPS} (the most logback's window keeps)
 */
public record RollingFile(Path path, long maxSize, int backupCount) {
    public static final int MAX_BACKUPS = 20;

    public RollingFile {
        Objects.requireNonNull(path, "path");
        if (maxSize < 1) {
            throw new IllegalArgumentException("max_size must be a positive number of bytes");
        }
        if (backupCount < 1 || backupCount > MAX_BACKUPS) {
            throw new IllegalArgumentException("backup_count must be from 1 to " + MAX_BACKUPS);
        }
    }

    /** Bytes the audit's file buffers between flushes: a batch of events leaves in a few writes. */
    private static final int BATCH_BUFFER = 64 * 1024;

    /**
     * A started appender writing to this file with the given encoder, each event flushed to the
     * file as it is written (the application log, read live with {@code tail -f}).
     *
     * @throws IllegalStateException when the file cannot be opened (logback would only note it
     *                               and then drop every event)
     */
    public RollingFileAppender<ILoggingEvent> appender(Context context, String name, Encoder<ILoggingEvent> encoder) {
        return appender(context, name, encoder, true);
    }

    /**
     * As {@link #appender}, but events stay in a 64 KiB buffer until the caller flushes the
     * appender's output stream: for a writer that writes events in batches and flushes after each.
     */
    RollingFileAppender<ILoggingEvent> batchAppender(Context context, String name, Encoder<ILoggingEvent> encoder) {
        return appender(context, name, encoder, false);
    }

    private RollingFileAppender<ILoggingEvent> appender(Context context, String name, Encoder<ILoggingEvent> encoder,
                                                        boolean flushEachEvent) {
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setFile(path.toString());
        appender.setEncoder(encoder);
        appender.setImmediateFlush(flushEachEvent);
        if (!flushEachEvent) {
            appender.setBufferSize(new FileSize(BATCH_BUFFER));
        }

        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(path + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(backupCount);
        rolling.start();

        WrittenSizeTrigger<ILoggingEvent> trigger = new WrittenSizeTrigger<>(maxSize);
        trigger.setContext(context);
        trigger.start();

        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.start();
        if (!appender.isStarted()) {
            throw new IllegalStateException("cannot write to " + path.toAbsolutePath());
        }
        return appender;
    }
}
