package dev.bwe.pipeline.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bwe.estimator.SsrcSet;
import dev.bwe.estimator.remb.RembDecoder;
import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.RembView;
import dev.bwe.pipeline.RtpPacketBuilder;
import dev.bwe.pipeline.TickSource;
import dev.bwe.pipeline.journal.JournalScenario;
import dev.bwe.pipeline.rtp.ExtensionIds;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Trace replay: a CSV trace runs the pipeline's own stages, writes the contract's CSVs, and refuses bad lines. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TraceReplayTest {
    private static final String HEADER = "session,arrival_us,ssrc,seq,abs_send_time,payload_size,note";

    @TempDir
    Path dir;

    @Test
    void traceReplaySendsTheRembsOfTheSamePacketsThroughTheRing() throws IOException {
        final List<JournalScenario.Step> packets = JournalScenario.generate(8_000, 21).stream()
            .filter(s -> s.kind() == JournalScenario.Kind.PACKET).toList();
        final StringBuilder csv = new StringBuilder(HEADER).append('\n');
        int withoutSendTime = 0;
        for (int i = 0; i < packets.size(); i++) {
            final JournalScenario.Step p = packets.get(i);
            // Every 97th packet lacks abs-send-time: the estimator ignores it (NO_SEND_TIME).
            final boolean noSendTime = i % 97 == 0;
            withoutSendTime += noSendTime ? 1 : 0;
            csv.append(p.sessionId()).append(',').append(p.timeNs() / 1000).append(',').append(p.ssrc()).append(',')
                .append(p.seq()).append(',').append(noSendTime ? "" : Integer.toString(p.absSendTime24())).append(',')
                .append(p.payloadBytes()).append(",ignored\n");
        }
        final Path trace = dir.resolve("trace.csv");
        Files.writeString(trace, csv);

        final Recorder replayed = new Recorder();
        final ReplayResult result = TraceReplay.of(trace).tickInterval(Duration.ofMillis(5)).listener(replayed).run();
        assertThat(result.packets()).isEqualTo(packets.size());
        assertThat(result.packetsRejected()).isEqualTo(withoutSendTime);
        assertThat(result.sessionsOpened()).isEqualTo(3);

        // The same packets, µs arrival times and tick grid, through the real ring.
        final Recorder live = new Recorder();
        try (BwePipeline pipeline = BwePipeline.builder().tickSource(TickSource.MANUAL).rembSink(live::onRemb)
            .build()) {
            final byte[] packet = new byte[1500];
            final UnsafeBuffer buffer = new UnsafeBuffer(packet);
            for (long s = 1; s <= 3; s++) {
                pipeline.openSession(s, ExtensionIds.of(RtpPacketBuilder.AST_ID, 0));
            }
            long nextTickNs = -1;
            for (int i = 0; i < packets.size(); i++) {
                final JournalScenario.Step p = packets.get(i);
                final long arrivalNs = p.timeNs() / 1000 * 1000;
                if (nextTickNs < 0) {
                    nextTickNs = (arrivalNs + 4_999_999L) / 5_000_000L * 5_000_000L;
                }
                for (; nextTickNs <= arrivalNs; nextTickNs += 5_000_000L) {
                    pipeline.tick(nextTickNs);
                }
                if (i % 97 != 0) {
                    final int length = RtpPacketBuilder.write(packet, p.ssrc(), p.seq(), 0, p.absSendTime24(),
                        p.payloadBytes());
                    while (pipeline.remainingCapacity() == 0) {
                        Thread.onSpinWait();
                    }
                    assertThat(pipeline.publishPacket(p.sessionId(), buffer, 0, length, arrivalNs)).isTrue();
                }
            }
            assertThat(pipeline.awaitDrained(Duration.ofSeconds(30))).isTrue();
        }
        assertThat(replayed.rembs).hasSizeGreaterThan(20).isEqualTo(live.rembs);
    }

    @Test
    void writesTheContractsCsvs() {
        final StringBuilder csv = new StringBuilder("arrival_us,ssrc,abs_send_time,payload_size\n");
        // Two streams (one with an SSRC above 2^31) at 100 pps each for 3 s, no queueing.
        for (int i = 0; i < 300; i++) {
            final long sendUs = 10_000_000L + i * 10_000L;
            final int ast = (int) ((sendUs << 18) / 1_000_000L) & 0xFFFFFF;
            csv.append(sendUs + 30_000).append(",4000000000,").append(ast).append(",1200\n");
            csv.append(sendUs + 30_100).append(",17,").append(ast).append(",1100\n");
        }
        final StringWriter updates = new StringWriter();
        final StringWriter rembs = new StringWriter();
        final ReplayResult result = TraceReplay.of(new BufferedReader(new StringReader(csv.toString())), "mem.csv")
            .estimatorConfig(dev.bwe.estimator.EstimatorConfig.builder().startBitrateBps(300_000).build())
            .listener(ReplayListener.both(new UpdatesCsvWriter(updates), new RembCsvWriter(rembs))).run();
        final List<String> updateLines = updates.toString().lines().toList();
        final List<String> rembLines = rembs.toString().lines().toList();
        assertThat(updateLines.get(0)).isEqualTo("time_us,session,bitrate_bps,ssrcs");
        assertThat(rembLines.get(0)).isEqualTo("time_us,session,bitrate_bps,ssrcs,remb_hex");
        assertThat(updateLines).hasSize((int) result.estimateUpdates() + 1);
        assertThat(rembLines).hasSize((int) result.rembs() + 1).hasSizeGreaterThan(3);
        assertThat(rembLines.get(rembLines.size() - 1)).contains(",17;4000000000,");
        // The first update comes with the first packet, when only its stream is live; SSRCs ascend unsigned.
        assertThat(updateLines.get(1)).matches("10030000,0,\\d+,4000000000");
        for (final String line : updateLines.subList(2, updateLines.size())) {
            assertThat(line).matches("\\d+,0,\\d+,17;4000000000");
        }
        final RembDecoder decoder = new RembDecoder();
        for (final String line : rembLines.subList(1, rembLines.size())) {
            final String[] f = line.split(",");
            assertThat(f).hasSize(5);
            assertThat(f[3]).isIn("4000000000", "17;4000000000");
            assertThat(f[4]).matches("[0-9a-f]+");
            final byte[] packet = hex(f[4]);
            assertThat(decoder.wrap(new UnsafeBuffer(packet), 0, packet.length)).isTrue();
            assertThat(unsigned(decoder)).isEqualTo(f[3]);
            assertThat(decoder.bitrateBps()).isLessThanOrEqualTo(Long.parseLong(f[2]))
                .isGreaterThan(Long.parseLong(f[2]) * 99 / 100);
            assertThat(decoder.senderSsrc()).isEqualTo(1);
        }
    }

    @Test
    void ticksFollowTheDocumentedGrid() {
        final String csv = "arrival_us,ssrc,abs_send_time,payload_size\n1000003,1,0,100\n\n1047000,1,,100\n";
        final ReplayResult noDrain = TraceReplay.of(new BufferedReader(new StringReader(csv)), "t.csv")
            .tickInterval(Duration.ofMillis(10)).run();
        // Grid of 10 ms: the first tick at or after 1,000,003 µs is 1,010,000 µs; then 1,020,000 .. 1,040,000.
        assertThat(noDrain.ticks()).isEqualTo(4);
        assertThat(noDrain.packets()).isEqualTo(2);
        assertThat(noDrain.packetsRejected()).as("the row without abs_send_time").isEqualTo(1);
        final ReplayResult drained = TraceReplay.of(new BufferedReader(new StringReader(csv)), "t.csv")
            .tickInterval(Duration.ofMillis(10)).drainAfterLastPacket(Duration.ofMillis(100)).run();
        // ... and on to 1,147,000 µs: 1,050,000 .. 1,140,000, ten more.
        assertThat(drained.ticks()).isEqualTo(14);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bad ssrc              | 1000,x,5,100                | 3 | ssrc",
        "negative ssrc         | 1000,-1,5,100               | 3 | ssrc",
        "ssrc above 2^32-1     | 1000,4294967296,5,100       | 3 | ssrc",
        "abs-send-time > 24 b  | 1000,1,16777216,100         | 3 | abs_send_time",
        "arrival not integer   | 10.5,1,5,100                | 3 | arrival_us",
        "arrival overflows ns  | 9223372036854776,1,5,100    | 3 | arrival_us",
        "negative payload      | 1000,1,5,-3                 | 3 | payload_size",
        "too few fields        | 1000,1,5                    | 3 | ",
        "too many fields       | 1000,1,5,100,7              | 3 | ",
    })
    void malformedLineNamesItsLineAndColumn(final String name, final String badLine, final long line,
                                            final String column) {
        final String csv = "arrival_us,ssrc,abs_send_time,payload_size\n900,1,4,100\n" + badLine.trim() + "\n";
        assertThatThrownBy(() -> TraceReplay.of(new BufferedReader(new StringReader(csv)), "bad.csv").run())
            .isInstanceOfSatisfying(TraceFormatException.class, e -> {
                assertThat(e.lineNumber()).isEqualTo(line);
                assertThat(e.column()).isEqualTo(column == null ? null : column.trim());
                assertThat(e.getMessage()).startsWith("bad.csv line " + line);
            });
    }

    @Test
    void headerErrorsNameTheColumn() {
        assertThatThrownBy(() -> TraceReplay.of(new BufferedReader(new StringReader("arrival_us,ssrc,payload_size\n")),
            "h.csv").run()).isInstanceOfSatisfying(TraceFormatException.class, e -> {
                assertThat(e.lineNumber()).isEqualTo(1);
                assertThat(e.column()).isEqualTo("abs_send_time");
            });
        assertThatThrownBy(() -> TraceReplay.of(new BufferedReader(new StringReader("")), "empty.csv").run())
            .isInstanceOf(TraceFormatException.class).hasMessageContaining("no header line");
        final String badCapture = "arrival_us,ssrc,abs_send_time,payload_size,abs_capture_time\n1,2,,3,-1\n";
        assertThatThrownBy(() -> TraceReplay.of(new BufferedReader(new StringReader(badCapture)), "c.csv").run())
            .isInstanceOfSatisfying(TraceFormatException.class, e -> {
                assertThat(e.lineNumber()).isEqualTo(2);
                assertThat(e.column()).isEqualTo("abs_capture_time");
            });
    }

    @Test
    void captureTimeStandsInForAMissingAbsSendTime() {
        final StringBuilder csv = new StringBuilder("arrival_us,ssrc,abs_send_time,payload_size,abs_capture_time\n");
        for (int i = 0; i < 200; i++) {
            final long captureUs = 5_000_000L + i * 10_000L;
            final long ntp = ((captureUs / 1_000_000L) << 32) + ((captureUs % 1_000_000L) << 32) / 1_000_000L;
            csv.append(captureUs + 40_000).append(",9,,1000,").append(Long.toUnsignedString(ntp)).append('\n');
        }
        final ReplayResult result = TraceReplay.of(new BufferedReader(new StringReader(csv.toString())), "cap.csv")
            .estimatorConfig(dev.bwe.estimator.EstimatorConfig.builder().startBitrateBps(300_000).build()).run();
        assertThat(result.packetsRejected()).isZero();
        assertThat(result.estimateUpdates()).isPositive();
    }

    private static String unsigned(final SsrcSet ssrcs) {
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < ssrcs.size(); i++) {
            out.add(Integer.toUnsignedString(ssrcs.get(i)));
        }
        return String.join(";", out);
    }

    private static byte[] hex(final String text) {
        final byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** Keeps REMBs as records, from a sink or a replay. */
    private static final class Recorder implements ReplayListener {
        final List<RembRecord> rembs = new ArrayList<>();

        @Override
        public synchronized void onRemb(final RembView remb) {
            rembs.add(RembRecord.of(remb.timeNs(), remb.sessionId(), remb.bitrateBps(), remb.ssrcs()));
        }
    }
}
