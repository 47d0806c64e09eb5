package io.llmbridge.adapter.out.audit;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AuditTimestampTest {
    private static final DateTimeFormatter EXPECTED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    @Test
    void writes_utc_with_milliseconds_whatever_the_order_of_events() {
        AuditTimestamp timestamp = new AuditTimestamp();
        long[] moments = {0, 999, 1000, 1_700_000_000_123L, 1_700_000_000_007L, 1_700_000_001_050L, 1_700_000_000_999L,
                1_796_083_199_999L, 1_796_083_200_000L};
        for (long millis : moments) {
            assertEquals(EXPECTED.format(Instant.ofEpochMilli(millis)), timestamp.format(millis), "at " + millis);
        }
    }
}
