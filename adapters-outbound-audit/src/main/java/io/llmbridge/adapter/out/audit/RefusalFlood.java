package io.llmbridge.adapter.out.audit;

import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ErrorKind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Folds refused access keys from one client address into one audit event per interval. Anyone can
 * be refused without a key, as fast as they can send; written one by one, a flood would fill the
 * file and roll the real events away. The first refusal from an address is written at once; the
 * ones after it, within the interval, become one summary event with their count, and so on for as
 * long as the flood lasts. Only so many addresses are told apart; refusals from any further ones
 * share a summary without an address, so that the bookkeeping is bounded too.
 */
final class RefusalFlood {
    static final int DEFAULT_MAX_ADDRESSES = 10_000;
    private static final String UNKNOWN_ADDRESS = "unknown";

    private final long intervalNanos;
    private final int maxAddresses;
    private final LongSupplier nanoTime;
    /** By client address; the null key holds the refusals of addresses past the bound. */
    private final Map<String, Window> windows = new HashMap<>();

    RefusalFlood(Duration interval, int maxAddresses, LongSupplier nanoTime) {
        if (interval.isNegative() || interval.isZero() || maxAddresses < 1) {
            throw new IllegalArgumentException("the interval and the number of addresses must be positive");
        }
        this.intervalNanos = interval.toNanos();
        this.maxAddresses = maxAddresses;
        this.nanoTime = nanoTime;
    }

    /**
     * A refusal summed up: the last one of the interval, how many it stands for, and whether its
     * address is the one they all came from.
     */
    record Summary(ChatRecord last, long count, boolean sameAddress) {
    }

    /** Whether the record is to be written now; false when it is counted into a later summary. */
    synchronized boolean admit(ChatRecord record) {
        if (!isRefusedKey(record)) {
            return true;
        }
        String address = record.request().context().clientIp() == null ? UNKNOWN_ADDRESS : record.request().context().clientIp();
        Window window = windows.get(address);
        if (window == null && windows.size() >= maxAddresses) {
            address = null;
            window = windows.get(null);
        }
        if (window == null) {
            windows.put(address, new Window(nanoTime.getAsLong()));
            return true;
        }
        window.count++;
        window.last = record;
        return false;
    }

    /** The summaries of every interval that has ended; an address with nothing new is forgotten. */
    synchronized List<Summary> due() {
        long now = nanoTime.getAsLong();
        List<Summary> due = new ArrayList<>();
        for (Iterator<Map.Entry<String, Window>> it = windows.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Window> entry = it.next();
            Window window = entry.getValue();
            if (now - window.start < intervalNanos) {
                continue;
            }
            if (window.count == 0) {
                it.remove();
            } else {
                due.add(new Summary(window.last, window.count, entry.getKey() != null));
                window.start = now;
                window.count = 0;
                window.last = null;
            }
        }
        return due;
    }

    /** Every summary not written yet, intervals ended or not (at shutdown). */
    synchronized List<Summary> drain() {
        List<Summary> rest = new ArrayList<>();
        windows.forEach((address, window) -> {
            if (window.count > 0) {
                rest.add(new Summary(window.last, window.count, address != null));
            }
        });
        windows.clear();
        return rest;
    }

    private static boolean isRefusedKey(ChatRecord record) {
        ChatRecord.Ending ending = record.ending();
        return record.request().caller() == null && ending.error() != null && ending.error().kind() == ErrorKind.UNAUTHENTICATED;
    }

    private static final class Window {
        long start;
        long count;
        ChatRecord last;

        Window(long start) {
            this.start = start;
        }
    }
}
