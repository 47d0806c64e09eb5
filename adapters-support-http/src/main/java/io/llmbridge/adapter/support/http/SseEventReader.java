package io.llmbridge.adapter.support.http;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits server-sent events out of the upstream's bytes, following the SSE rules a real upstream
 * may use: comment lines, {@code event:} and other fields, {@code data:} with or without a space,
 * several {@code data:} lines per event, LF, CR or CRLF line ends.
 *
 * <p>Works on bytes (CR and LF never occur inside a UTF-8 sequence) and decodes only the data, so
 * each event costs one string. It can also tell whether a whole event is already buffered, which
 * lets the client side send what is ready together instead of chunk by chunk.
 */
public final class SseEventReader {
    /**
     * What a read asks of the upstream stream at first, and again after a read it could not fill.
     * Helidon's entity stream allocates a buffer of the size asked for on each read, and a
     * token-by-token upstream fills only a few hundred bytes per read, so asking for much more
     * would only make garbage.
     */
    private static final int MIN_READ = 2048;
    /**
     * What the first read asks for. The first bytes of an answer often hold several events
     * already (the upstream had them ready, or the gateway was busy), and every read that ends
     * inside an event makes the client side send what it has: starting small cost a burst of
     * 40 chunks three extra client writes. 8 KiB is what Helidon reads from the socket at a
     * time, so the first read takes what it already has; one larger buffer per stream is the price.
     */
    private static final int INITIAL_READ = 8192;
    /**
     * What a read may ask for while each read comes back full (a burst, or a backlog when the
     * gateway is busy): fewer reads, and fewer moments with no whole event at hand, each of which
     * costs the client side a write.
     */
    private static final int MAX_READ = 32 * 1024;
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long EIGHT_LF = 0x0A0A0A0A0A0A0A0AL;
    private static final long EIGHT_CR = 0x0D0D0D0D0D0D0D0DL;

    private final InputStream in;
    private byte[] buffer = new byte[INITIAL_READ];
    private int readSize = INITIAL_READ;
    private int start;
    private int end;
    private boolean eof;
    /** The last line ended with CR: an LF that comes next belongs to it. */
    private boolean skipLf;

    public SseEventReader(InputStream in) {
        this.in = in;
    }

    /** The data of the next event that has some; null at the end of the stream. */
    public String nextData() throws IOException {
        StringBuilder multiLine = null;
        String single = null;
        while (true) {
            int lineEnd = nextLineEnd();
            if (lineEnd < 0) {
                if (fill()) {
                    continue;
                }
                if (start == end) {
                    break;
                }
                lineEnd = end; // the stream ended inside a line: it still counts
            }
            int lineStart = start;
            skipLf = lineEnd < end && buffer[lineEnd] == CR;
            start = Math.min(lineEnd + 1, end);
            if (lineEnd == lineStart) {
                if (multiLine != null) {
                    return multiLine.toString();
                }
                if (single != null) {
                    return single;
                }
                continue;
            }
            if (!isData(lineStart, lineEnd)) {
                continue; // comments (":"), event:, id:, retry: carry nothing a chat client needs
            }
            int valueStart = lineStart + DATA.length;
            if (valueStart < lineEnd && buffer[valueStart] == ' ') {
                valueStart++;
            }
            String value = new String(buffer, valueStart, lineEnd - valueStart, StandardCharsets.UTF_8);
            if (single == null) {
                single = value;
            } else {
                if (multiLine == null) {
                    multiLine = new StringBuilder(single);
                }
                multiLine.append('\n').append(value);
            }
        }
        // An event the stream's end cut short of its blank line is still an event.
        return multiLine != null ? multiLine.toString() : single;
    }

    /**
     * Whether {@link #nextData()} can answer from what has already arrived, without waiting for
     * the network: a whole event with data is buffered, or the stream is known to have ended.
     */
    public boolean hasBufferedEvent() {
        if (eof) {
            return true;
        }
        boolean data = false;
        int lineStart = start;
        if (skipLf && lineStart < end && buffer[lineStart] == LF) {
            lineStart++; // the LF of a CRLF whose CR ended the last line read
        }
        while (true) {
            int lineEnd = indexOfLineEnd(buffer, lineStart, end);
            if (lineEnd < 0) {
                return false;
            }
            if (lineEnd == lineStart) {
                if (data) {
                    return true;
                }
            } else if (isData(lineStart, lineEnd)) {
                data = true;
            }
            lineStart = lineEnd + 1;
            if (buffer[lineEnd] == CR && lineStart < end && buffer[lineStart] == LF) {
                lineStart++;
            }
        }
    }

    /** Reads and drops whatever is left, to the end of the stream. */
    public void skipToEnd() throws IOException {
        start = end;
        while (fill()) {
            start = end;
        }
    }

    /** Index of the end of the next whole line in the buffer, or -1 when none is whole yet. */
    private int nextLineEnd() {
        if (skipLf && start < end) {
            skipLf = false;
            if (buffer[start] == LF) {
                start++;
            }
        }
        return indexOfLineEnd(buffer, start, end);
    }

    /**
     * Index of the first CR or LF in {@code bytes[from, to)}, or -1. Looks at eight bytes at a
     * time (a byte equal to CR or LF becomes a zero byte after an XOR, and the lowest zero byte
     * of a word is found with the usual subtract-and-mask): every byte of a stream passes here
     * twice, once to tell whether an event is whole and once to read it.
     */
    static int indexOfLineEnd(byte[] bytes, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i);
            long found = zeroBytes(word ^ EIGHT_LF) | zeroBytes(word ^ EIGHT_CR);
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == LF || bytes[i] == CR) {
                return i;
            }
        }
        return -1;
    }

    /** The high bit of each byte that is zero; exact for the lowest such byte, which is all that is used. */
    private static long zeroBytes(long word) {
        return (word - 0x0101010101010101L) & ~word & 0x8080808080808080L;
    }

    private boolean isData(int lineStart, int lineEnd) {
        if (lineEnd - lineStart < DATA.length) {
            return false;
        }
        for (int i = 0; i < DATA.length; i++) {
            if (buffer[lineStart + i] != DATA[i]) {
                return false;
            }
        }
        return true;
    }

    /** Reads more bytes; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        // Grown only when less than half a read fits: the part of an event left over from the
        // last read must not double the buffer (and Helidon allocates what is asked for).
        if (buffer.length - end < readSize / 2) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, end + readSize));
        }
        int ask = Math.min(readSize, buffer.length - end);
        int read = in.read(buffer, end, ask);
        if (read < 0) {
            eof = true;
            return false;
        }
        end += read;
        // A full read grows the next one; a large one keeps its size (the first read's share of
        // Helidon's socket buffer is less than 8 KiB by the response headers); a trickle shrinks it.
        if (read == ask) {
            readSize = Math.min(readSize * 2, MAX_READ);
        } else if (read < MIN_READ) {
            readSize = MIN_READ;
        }
        return true;
    }
}
