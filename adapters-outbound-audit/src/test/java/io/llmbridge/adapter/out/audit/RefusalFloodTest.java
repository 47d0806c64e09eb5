package io.llmbridge.adapter.out.audit;

import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.RequestContext;
import io.llmbridge.domain.Transport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RefusalFloodTest {
    private static final Duration INTERVAL = Duration.ofSeconds(60);
    private final AtomicLong now = new AtomicLong();
    private final RefusalFlood flood = new RefusalFlood(INTERVAL, 2, now::get);

    private static ChatRecord refusedFrom(String ip) {
        return ChatRecord.refused(RequestContext.received(Transport.HTTP, "models.list", ip), null,
                BridgeException.of(ErrorKind.UNAUTHENTICATED, "Incorrect access key provided.").code("invalid_api_key").build());
    }

    private void pass(Duration time) {
        now.addAndGet(time.toNanos());
    }

    @Test
    void the_first_refusal_is_written_at_once_and_the_rest_of_the_interval_as_one_summary() {
        assertTrue(flood.admit(refusedFrom("10.0.0.1")));
        for (int i = 0; i < 499; i++) {
            assertFalse(flood.admit(refusedFrom("10.0.0.1")));
        }
        assertTrue(flood.due().isEmpty(), "the interval has not ended");

        pass(INTERVAL);
        List<RefusalFlood.Summary> due = flood.due();

        assertEquals(1, due.size());
        assertEquals(499, due.getFirst().count());
        assertTrue(due.getFirst().sameAddress());
    }

    @Test
    void a_flood_that_goes_on_gives_one_summary_per_interval_and_a_quiet_address_is_forgotten() {
        flood.admit(refusedFrom("10.0.0.1"));
        flood.admit(refusedFrom("10.0.0.1"));
        pass(INTERVAL);
        assertEquals(1, flood.due().size());

        assertFalse(flood.admit(refusedFrom("10.0.0.1")), "still flooding: counted, not written");
        pass(INTERVAL);
        assertEquals(1, flood.due().getFirst().count());

        pass(INTERVAL);
        assertTrue(flood.due().isEmpty());
        assertTrue(flood.admit(refusedFrom("10.0.0.1")), "after a quiet interval the next one is news again");
    }

    @Test
    void addresses_past_the_bound_share_one_summary_without_an_address() {
        flood.admit(refusedFrom("10.0.0.1"));
        flood.admit(refusedFrom("10.0.0.2"));
        assertTrue(flood.admit(refusedFrom("10.0.0.3")), "the first untracked one is written");
        assertFalse(flood.admit(refusedFrom("10.0.0.4")));
        assertFalse(flood.admit(refusedFrom("10.0.0.5")));

        List<RefusalFlood.Summary> rest = flood.drain();

        assertEquals(1, rest.size());
        assertEquals(2, rest.getFirst().count());
        assertFalse(rest.getFirst().sameAddress());
    }

    @Test
    void requests_with_a_caller_and_other_failures_are_always_written() {
        flood.admit(refusedFrom("10.0.0.1"));
        assertTrue(flood.admit(Records.success()));
        assertTrue(flood.admit(ChatRecord.refused(RequestContext.received(Transport.HTTP, "models.get", "10.0.0.1"), Records.CALLER,
                "x/y", BridgeException.modelNotFound("x/y"))));
    }
}
