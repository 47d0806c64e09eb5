package io.llmbridge.adapter.in.ws;

import io.helidon.common.buffers.BufferData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboxTest {
    private final RecordingSession session = new RecordingSession();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Outbox outbox = new Outbox(session, timer, Duration.ofSeconds(10), () -> { });

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void sends_frames_pings_and_pongs_through_the_session() {
        outbox.send("hello");
        outbox.ping();
        outbox.pong(BufferData.create("p"));
        assertEquals("hello", session.next());
        assertEquals("ping", session.next());
        assertEquals("pong p", session.next());
    }

    @Test
    void nothing_is_sent_after_the_close_frame() {
        outbox.close(1000, "idle timeout");
        assertEquals("close 1000 idle timeout", session.next());
        assertThrows(Outbox.ClientGone.class, () -> outbox.send("late"));
        assertTrue(session.nothingSent());
    }

    @Test
    void once_the_socket_is_marked_closed_every_send_fails_at_once() {
        outbox.markClosed();
        assertThrows(Outbox.ClientGone.class, () -> outbox.send("late"));
        assertThrows(Outbox.ClientGone.class, outbox::ping);
        assertTrue(session.nothingSent());
    }

    @Test
    void a_failed_send_means_the_client_is_gone_for_every_later_send() {
        session.breakConnection();
        assertThrows(Outbox.ClientGone.class, () -> outbox.send("first"));
        assertThrows(Outbox.ClientGone.class, () -> outbox.send("second"));
    }
}
