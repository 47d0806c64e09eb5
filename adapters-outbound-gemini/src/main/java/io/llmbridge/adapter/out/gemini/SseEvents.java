package io.llmbridge.adapter.out.gemini;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The {@code data} of each server-sent event, as it arrives. Gemini ends events with CRLF CRLF
 * and sends no {@code [DONE]}: the stream ends when the connection does. Comment, {@code event:}
 * and {@code id:} lines carry nothing Gemini uses.
 */
final class SseEvents {
    private final BufferedReader reader;

    SseEvents(InputStream in) {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 16 * 1024);
    }

    /** The next event's data (its data lines joined by LF); null at the end of the stream. */
    String next() throws IOException {
        StringBuilder data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty() && data != null) {
                return data.toString();
            }
            if (line.startsWith("data:")) {
                String value = line.substring(line.startsWith("data: ") ? 6 : 5);
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        return data == null ? null : data.toString();
    }
}
