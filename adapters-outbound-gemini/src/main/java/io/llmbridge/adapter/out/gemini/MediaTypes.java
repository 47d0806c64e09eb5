package io.llmbridge.adapter.out.gemini;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * MIME types Gemini needs next to every file. The gateway does not download a client's image URL
 * (that would let callers make it fetch anything), so the type of an http(s) image is guessed
 * from the extension of the URL's path.
 */
final class MediaTypes {
    /** What an image URL without a known extension is declared as: the most common image type. */
    static final String DEFAULT_IMAGE = "image/jpeg";
    private static final Map<String, String> IMAGE_EXTENSIONS = Map.of(
            "png", "image/png", "jpg", "image/jpeg", "jpeg", "image/jpeg", "webp", "image/webp",
            "gif", "image/gif", "heic", "image/heic", "heif", "image/heif");
    /** OpenAI documents {@code wav} and {@code mp3}; the others are formats Gemini reads too. */
    private static final Map<String, String> AUDIO_FORMATS = Map.of(
            "wav", "audio/wav", "mp3", "audio/mp3", "flac", "audio/flac", "aac", "audio/aac",
            "ogg", "audio/ogg", "aiff", "audio/aiff");

    private MediaTypes() {
    }

    static String guessImage(URI url) {
        String path = url.getPath() == null ? "" : url.getPath();
        int dot = path.lastIndexOf('.');
        if (dot < 0 || dot < path.lastIndexOf('/')) {
            return DEFAULT_IMAGE;
        }
        return IMAGE_EXTENSIONS.getOrDefault(path.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT_IMAGE);
    }

    /** Null for a format Gemini does not read. */
    static String audio(String format) {
        return format == null ? null : AUDIO_FORMATS.get(format.toLowerCase(Locale.ROOT));
    }
}
