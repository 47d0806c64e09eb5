package io.llmbridge.adapter.out.audit;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A log file that is rolled by size and keeps {@code backupCount} archives, named like the
 * original service's: {@code audit.log}, {@code audit.log.1} (newest) … {@code audit.log.N}.
 * The application log rolls by the same rules, so bootstrap uses this too.
 *
 * @param maxSize     bytes after which the file is rolled (checked before every event, so a
 *                    file exceeds it by one event at most)
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

    /**
     * A started appender writing to this file with the given encoder.
     *
     * @throws IllegalStateException when the file cannot be opened (logback would only note it
     *                               and then drop every event)
     */
    public RollingFileAppender<ILoggingEvent> appender(Context context, String name, Encoder<ILoggingEvent> encoder) {
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setFile(path.toString());
        appender.setEncoder(encoder);

        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(path + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(backupCount);
        rolling.start();

        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(new FileSize(maxSize));
        // logback looks at the size once a minute by default, which lets a busy file grow far
        // past max_size; a length() per event is cheap next to the write itself.
        trigger.setCheckIncrement(Duration.buildByMilliseconds(0));
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
