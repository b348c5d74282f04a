package dev.bwe.relay.browser;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a small YUV4MPEG2 (.y4m) clip for Chromium's {@code --use-file-for-fake-video-capture}: a moving
 * gradient under fresh per-frame noise. The fake camera's own test pattern compresses to about 500 kbps, too
 * little to fill a 1 Mbps link; noise cannot be predicted from the previous frame, so the encoder wants far
 * more than the link gives and the send rate is set by congestion control, not by the content.
 *
 * <p>Deterministic for a given seed. 640×480 4:2:0 is 460,800 bytes a frame.
 */
public final class NoiseClip {
    private static final int CHROMA_NEUTRAL = 128;

    private NoiseClip() {
    }

    /**
     * Writes the clip.
     *
     * @param file           destination
     * @param width          pixels, even
     * @param height         pixels, even
     * @param framesPerSecond the clip's frame rate (the fake camera plays it at this rate, looping)
     * @param frames         how many distinct frames before the loop repeats
     * @param noiseAmplitude luma noise, ± this many levels (0..127)
     * @param seed           random seed
     */
    public static void write(final Path file, final int width, final int height, final int framesPerSecond,
                             final int frames, final int noiseAmplitude, final long seed) throws IOException {
        if (width <= 0 || height <= 0 || (width & 1) != 0 || (height & 1) != 0) {
            throw new IllegalArgumentException("width and height must be positive and even: " + width + "x" + height);
        }
        if (noiseAmplitude < 0 || noiseAmplitude > 127) {
            throw new IllegalArgumentException("noiseAmplitude must be 0..127, was " + noiseAmplitude);
        }
        final SplittableRandom random = new SplittableRandom(seed);
        final byte[] luma = new byte[width * height];
        final byte[] chroma = new byte[(width / 2) * (height / 2)];
        java.util.Arrays.fill(chroma, (byte) CHROMA_NEUTRAL);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(("YUV4MPEG2 W" + width + " H" + height + " F" + framesPerSecond + ":1 Ip A1:1 C420jpeg\n")
                .getBytes(StandardCharsets.US_ASCII));
            for (int f = 0; f < frames; f++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        final int gradient = ((x + y + f * 8) & 0xFF) / 2 + 64;
                        final int noise = noiseAmplitude == 0 ? 0
                            : random.nextInt(2 * noiseAmplitude + 1) - noiseAmplitude;
                        luma[y * width + x] = (byte) Math.max(0, Math.min(255, gradient + noise));
                    }
                }
                out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                out.write(luma);
                out.write(chroma);
                out.write(chroma);
            }
        }
    }
}
