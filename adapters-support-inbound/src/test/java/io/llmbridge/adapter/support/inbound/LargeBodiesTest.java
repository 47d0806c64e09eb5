package io.llmbridge.adapter.support.inbound;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ErrorKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LargeBodiesTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void a_large_body_past_the_budget_is_refused_to_retry_when_no_room_is_made_in_time() {
        LargeBodies bodies = new LargeBodies(MIB, 20 * MIB, Duration.ZERO);
        LargeBodies.Admission first = bodies.admit(9 * MIB);
        bodies.admit(9 * MIB);

        BridgeException refused = assertThrows(BridgeException.class, () -> bodies.admit(9 * MIB));
        assertEquals(ErrorKind.UNAVAILABLE, refused.kind());
        assertEquals("gateway_busy", refused.code());
        assertEquals("1", refused.retryAfter());

        first.close();
        first.close(); // twice gives back once
        bodies.admit(9 * MIB);
        assertThrows(BridgeException.class, () -> bodies.admit(9 * MIB));
    }

    @Test
    void a_large_body_past_the_budget_waits_until_another_is_answered() throws Exception {
        LargeBodies bodies = new LargeBodies(MIB, 10 * MIB, Duration.ofSeconds(30));
        LargeBodies.Admission first = bodies.admit(9 * MIB);
        CompletableFuture<LargeBodies.Admission> second = CompletableFuture.supplyAsync(() -> bodies.admit(9 * MIB));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!bodies.anyWaiting() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(bodies.anyWaiting(), "the second body waits");
        assertFalse(second.isDone());

        first.close();
        second.get(10, TimeUnit.SECONDS).close();
    }

    @Test
    void small_bodies_are_never_counted_and_a_body_larger_than_the_budget_takes_all_of_it() {
        LargeBodies bodies = new LargeBodies(MIB, 10 * MIB, Duration.ZERO);
        LargeBodies.Admission huge = bodies.admit(30 * MIB);
        for (int i = 0; i < 100; i++) {
            bodies.admit(MIB - 1);
        }
        assertThrows(BridgeException.class, () -> bodies.admit(MIB));
        huge.close();
        bodies.admit(10 * MIB).close();
    }
}
