package io.llmbridge.adapter.out.audit;

import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit's own logback context reports its troubles (a full disk, Logstash unreachable,
 * events dropped) as status messages that nobody would see; this passes the warnings and errors
 * on to the application log.
 */
final class StatusForwarder implements StatusListener {
    private static final Logger LOG = LoggerFactory.getLogger(LogbackAuditLog.class);

    @Override
    public void addStatusEvent(Status status) {
        if (status.getEffectiveLevel() < Status.WARN) {
            return;
        }
        String message = "audit: " + status.getMessage();
        if (status.getEffectiveLevel() == Status.ERROR) {
            LOG.error(message, status.getThrowable());
        } else {
            LOG.warn(message);
        }
    }

    @Override
    public boolean isResetResistant() {
        return true;
    }
}
