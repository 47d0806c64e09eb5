package io.llmbridge.adapter.out.audit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.EncoderBase;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

class BatchingAppenderTest {
    /** Writes each event's message as a line; runs the heap out on a message that asks for it. */
    private static final class LineEncoder extends EncoderBase<ILoggingEvent> {
        @Override
        public byte[] headerBytes() {
            return null;
        }

        @Override
        public byte[] encode(ILoggingEvent event) {
            if (event.getFormattedMessage().equals("too large")) {
                throw new OutOfMemoryError("Java heap space");
            }
            return (event.getFormattedMessage() + "\n").getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] footerBytes() {
            return null;
        }
    }

    @Test
    void an_error_writing_one_event_loses_that_event_and_not_the_writer() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> target = new OutputStreamAppender<>();
        target.setContext(context);
        target.setEncoder(new LineEncoder());
        target.setOutputStream(file);
        target.start();
        BatchingAppender appender = new BatchingAppender(target, 16, 5_000);
        appender.setContext(context);
        appender.setName("test");
        appender.start();
        try {
            appender.doAppend(event(context, "before"));
            appender.doAppend(event(context, "too large"));
            appender.doAppend(event(context, "after"));

            awaitText(file, "before\nafter\n");
        } finally {
            appender.stop();
        }
    }

    private static ILoggingEvent event(LoggerContext context, String message) {
        return new LoggingEvent(BatchingAppenderTest.class.getName(), context.getLogger("audit"), Level.INFO, message, null, null);
    }

    private static void awaitText(ByteArrayOutputStream file, String expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!file.toString(StandardCharsets.UTF_8).equals(expected)) {
            if (System.nanoTime() > deadline) {
                assertEquals(expected, file.toString(StandardCharsets.UTF_8), "within 30 s");
                fail();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // polls a condition, bounded by the deadline
        }
    }
}
