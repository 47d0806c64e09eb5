package io.llmbridge.adapter.in.ws;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdleWatchTest {
    private static final Duration TIMEOUT = Duration.ofMillis(50);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final RecordingSession session = new RecordingSession();
    private final Outbox outbox = new Outbox(session, timer, Duration.ofSeconds(10), () -> { });

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void an_idle_connection_is_closed_normally() {
        new IdleWatch(timer, TIMEOUT, () -> false, outbox).start();
        assertEquals("close 1000 idle timeout", session.next());
    }

    @Test
    void a_connection_with_a_chat_running_is_pinged_not_closed_and_closed_once_it_is_idle() {
        AtomicBoolean busy = new AtomicBoolean(true);
        IdleWatch watch = new IdleWatch(timer, TIMEOUT, busy::get, outbox);
        watch.start();
        assertEquals("ping", session.next());
        assertEquals("ping", session.next());
        busy.set(false);
        watch.touch();
        String next;
        do {
            next = session.next(); // a ping may already have been on its way
        } while (next.equals("ping"));
        assertEquals("close 1000 idle timeout", next);
    }

    @Test
    void a_stopped_watch_closes_nothing() throws Exception {
        IdleWatch watch = new IdleWatch(timer, TIMEOUT, () -> false, outbox);
        watch.start();
        watch.stop();
        // Whatever the timer held has run or been cancelled once a task queued behind it has run.
        timer.schedule(() -> null, TIMEOUT.multipliedBy(2).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).get();
        assertTrue(session.nothingSent());
    }
}
