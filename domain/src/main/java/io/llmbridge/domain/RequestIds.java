package io.llmbridge.domain;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Request ids: {@code req_} and 24 random hex digits, unique enough to find one request in a day of logs. */
final class RequestIds {
    private RequestIds() {
    }

    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "req_" + HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextInt());
    }
}
