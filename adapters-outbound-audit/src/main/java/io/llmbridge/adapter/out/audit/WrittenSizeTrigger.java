package io.llmbridge.adapter.out.audit;

import ch.qos.logback.core.rolling.LengthCounter;
import ch.qos.logback.core.rolling.LengthCounterBase;
import ch.qos.logback.core.rolling.TriggeringPolicyBase;

import java.io.File;

/**
 * Rolls a file once the bytes written to it reach {@code maxSize}, checked before every event.
 * The appender adds each event's bytes to the counter and starts it at the file's length when it
 * opens the file, so no event asks the file system for the size: logback's
 * {@code SizeBasedTriggeringPolicy} did, one {@code stat} per event, which cost the audit writer
 * more than writing the event.
 */
final class WrittenSizeTrigger<E> extends TriggeringPolicyBase<E> {
    private final long maxSize;
    private final LengthCounter written = new LengthCounterBase();

    WrittenSizeTrigger(long maxSize) {
        this.maxSize = maxSize;
    }

    @Override
    public boolean isTriggeringEvent(File activeFile, E event) {
        if (written.getLength() < maxSize) {
            return false;
        }
        written.reset(); // the file is about to be rolled; the next one starts empty
        return true;
    }

    @Override
    public LengthCounter getLengthCounter() {
        return written;
    }
}
