package io.llmbridge.adapter.out.tokenizer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ImageSizeTest {
    /** The first bytes of a PNG: signature and IHDR chunk, which is all that is read. */
    static byte[] pngHeader(int width, int height) {
        return ByteBuffer.allocate(33).put(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'})
                .putInt(width).putInt(height).put(new byte[]{8, 2, 0, 0, 0, 0, 0, 0, 0}).array();
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "gif"})
    void reads_the_size_of_images_written_by_a_real_encoder(String format) throws IOException {
        BufferedImage image = new BufferedImage(640, 360, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        String url = "data:image/" + format + ";base64," + Base64.getEncoder().encodeToString(out.toByteArray());
        assertEquals(new ImageSize(640, 360), ImageSize.ofUrl(url));
    }

    @Test
    void reads_the_canvas_size_of_an_extended_webp() {
        byte[] webp = ByteBuffer.allocate(30).put(new byte[]{'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'X', 10, 0, 0, 0, 0, 0, 0, 0})
                .put(new byte[]{(byte) 0x7F, 0x07, 0x00, (byte) 0x37, 0x04, 0x00}).array(); // 1919+1 × 1079+1
        assertEquals(new ImageSize(1920, 1080), ImageSize.of(webp));
    }

    @Test
    void a_remote_url_or_garbage_has_no_known_size() {
        assertNull(ImageSize.ofUrl("https://example.com/a.png"));
        assertNull(ImageSize.ofUrl("data:image/png;base64,!!!not base64!!!"));
        assertNull(ImageSize.ofUrl("data:text/plain;base64,aGVsbG8gd29ybGQ="));
        assertNull(ImageSize.ofUrl(null));
    }
}
