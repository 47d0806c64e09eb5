package io.llmbridge.adapter.out.tokenizer;

/**
 * OpenAI's tile rule for images in a prompt. {@code low} detail costs a flat 85 tokens. {@code high}
 * (and {@code auto}, which picks high for any image worth tiling) scales the image to fit in
 * 2048×2048, then its shorter side down to 768, and costs 85 plus 170 per 512-pixel tile.
 * An image whose size cannot be read (a remote URL) is taken to be 1024×1024 at high detail.
 */
final class ImageTokens {
    static final long BASE = 85;
    static final long PER_TILE = 170;
    /** The cost of a 1024×1024 image at high detail: four tiles. */
    static final long UNKNOWN_SIZE = BASE + 4 * PER_TILE;

    private ImageTokens() {
    }

    /**
     * @param detail {@code low}, {@code high} or {@code auto}; null counts as auto
     * @param size   null when not known
     */
    static long count(String detail, ImageSize size) {
        if ("low".equals(detail)) {
            return BASE;
        }
        if (size == null) {
            return UNKNOWN_SIZE;
        }
        double width = size.width();
        double height = size.height();
        double longer = Math.max(width, height);
        if (longer > 2048) {
            width = width * 2048 / longer;
            height = height * 2048 / longer;
        }
        double shorter = Math.min(width, height);
        if (shorter > 768) {
            width = width * 768 / shorter;
            height = height * 768 / shorter;
        }
        long tiles = (long) Math.ceil(width / 512) * (long) Math.ceil(height / 512);
        return BASE + PER_TILE * tiles;
    }
}
