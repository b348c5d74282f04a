package dev.bwe.relay.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoiseClipTest {
    @Test
    void writesAY4mHeaderAndWholeFramesDeterministically(@TempDir final Path dir) throws Exception {
        final Path a = dir.resolve("a.y4m");
        final Path b = dir.resolve("b.y4m");
        NoiseClip.write(a, 32, 16, 30, 3, 30, 7);
        NoiseClip.write(b, 32, 16, 30, 3, 30, 7);
        final byte[] bytes = Files.readAllBytes(a);
        final String header = "YUV4MPEG2 W32 H16 F30:1 Ip A1:1 C420jpeg\n";
        assertThat(new String(bytes, 0, header.length(), StandardCharsets.US_ASCII)).isEqualTo(header);
        final int frameBytes = "FRAME\n".length() + 32 * 16 * 3 / 2;
        assertThat(bytes).hasSize(header.length() + 3 * frameBytes);
        assertThat(new String(bytes, header.length() + frameBytes, 6, StandardCharsets.US_ASCII)).isEqualTo("FRAME\n");
        assertThat(Files.readAllBytes(b)).isEqualTo(bytes);
        // Frames differ: noise is fresh per frame, or the encoder would predict it away.
        final int luma = header.length() + 6;
        assertThat(java.util.Arrays.equals(bytes, luma, luma + 512, bytes, luma + frameBytes, luma + frameBytes + 512))
            .isFalse();
    }

    @Test
    void rejectsOddSizesAndWildAmplitudes(@TempDir final Path dir) {
        assertThatThrownBy(() -> NoiseClip.write(dir.resolve("x"), 33, 16, 30, 1, 10, 1)).hasMessageContaining("even");
        assertThatThrownBy(() -> NoiseClip.write(dir.resolve("x"), 32, 16, 30, 1, 200, 1))
            .hasMessageContaining("0..127");
    }
}
