package dev.bwe.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputWritersTest {
    private static SimulationResult result;

    @TempDir
    Path dir;

    @BeforeAll
    static void runTwoSessions() {
        result = Simulation.run(SimulationConfig.builder()
            .durationMs(3_000)
            .addSession(SessionConfig.builder(1)
                .link(LinkConfig.builder(CapacitySchedule.parse("1mbps@0s,500kbps@1500ms")).propagationDelayMs(25)
                    .build())
                .addStream(StreamConfig.video(1))
                .build())
            .addSession(SessionConfig.builder(22)
                .link(LinkConfig.builder(CapacitySchedule.constant(2_000_000)).build())
                .addStream(StreamConfig.video(2))
                .crossTraffic(CrossTrafficConfig.tcp())
                .build())
            .build());
    }

    @Test
    void csvHasAHeaderAndOneRowPerSamplePerSession() throws IOException {
        final Path file = dir.resolve("series.csv");
        final Locale saved = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);  // a decimal comma must not leak into the CSV
        try {
            TimeSeriesCsv.write(result, file);
        } finally {
            Locale.setDefault(saved);
        }

        final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("session_id,time_s,capacity_bps,target_bps,send_rate_bps,received_rate_bps,"
            + "cross_rate_bps,estimate_bps,queue_delay_ms");
        assertThat(lines).hasSize(1 + 2 * 30);
        for (final String line : lines.subList(1, lines.size())) {
            assertThat(line.split(",", -1)).hasSize(TimeSeriesCsv.COLUMNS.size());
        }
        final Sample sample = result.session(1).samples().get(19);
        assertThat(lines.get(20)).isEqualTo(String.format(Locale.ROOT, "1,2.000,500000,%d,%d,%d,0,%d,%.3f",
            sample.targetBps(), sample.sendRateBps(), sample.receivedRateBps(), sample.estimateBps(),
            sample.queueDelayMs()));
        assertThat(lines.get(31)).startsWith("22,0.100,2000000,");
        assertThat(Files.readString(file)).doesNotContain("\r");
    }

    @Test
    void pngDecodesWithTwoPanelsPerSession() throws IOException {
        final Path file = dir.resolve("plot.png");

        TimeSeriesPlot.writePng(result, file);

        final BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(2 * TimeSeriesPlot.PANEL_WIDTH);
        assertThat(image.getHeight()).isEqualTo(2 * TimeSeriesPlot.PANEL_HEIGHT);
        assertThat(System.getProperty("java.awt.headless")).isEqualTo("true");
    }
}
