package dev.bwe.tools.cli;

import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.EstimateObserver;
import dev.bwe.pipeline.RembSink;
import dev.bwe.pipeline.TickSource;
import dev.bwe.pipeline.replay.TraceFormatException;
import dev.bwe.pipeline.rtp.ExtensionIds;
import dev.bwe.pipeline.rtp.ParseStatus;
import dev.bwe.pipeline.rtp.SdpExtmap;
import dev.bwe.pipeline.stat.PipelineCounters;
import dev.bwe.tools.capture.CaptureFile;
import dev.bwe.tools.capture.Datagram;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bwe import}: a capture (pcap or pcapng, RTP over UDP) or a CSV trace into a journal, through the
 * same parse stage as live packets. A capture's flows become sessions, one per 5-tuple, numbered in order
 * of first appearance; ticks are synthesised from the capture times on the tick grid.
 */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Import a pcap/pcapng capture (RTP over UDP) or a CSV trace into a journal.")
final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    static final class Source {
        @Option(names = "--pcap", paramLabel = "FILE", required = true, description = "A pcap or pcapng capture.")
        Path pcap;

        @Option(names = "--trace", paramLabel = "FILE", required = true, description = "A CSV packet trace.")
        Path trace;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--journal", paramLabel = "DIR", required = true, description = "The journal to write.")
    Path journal;

    @Option(names = "--extmap", paramLabel = "ID=URI",
        description = "Capture only, repeatable: a header extension as SDP negotiated it, e.g. "
            + "2=http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time; shorthands abs-send-time, "
            + "abs-capture-time, toffset; 'none' when the sender stamps no time extension (estimated from RTP timestamps).")
    List<String> extmaps = new ArrayList<>();

    @Option(names = "--port", paramLabel = "PORT", description = "Capture only: only datagrams from or to this UDP port.")
    Integer port;

    @Option(names = "--ssrc", paramLabel = "SSRC", converter = SsrcConverter.class,
        description = "Capture only: only RTP packets of this SSRC (decimal or 0x hex).")
    Integer ssrc;

    @Option(names = "--tick-interval", paramLabel = "DURATION", defaultValue = "5ms",
        converter = DurationConverter.class, description = "Tick grid (default: ${DEFAULT-VALUE}).")
    Duration tickInterval;

    @Option(names = "--start-bitrate", paramLabel = "BPS",
        description = "Capture only: a start estimate, valid at once (as a relay that sets startBitrateBps; "
            + "libwebrtc's default waits for 5 s of traffic).")
    Long startBitrateBps;

    @Override
    public Integer call() throws IOException {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (Files.exists(journal) && !Files.isDirectory(journal)) {
            throw new UserError("--journal " + journal + " is a file, not a directory");
        }
        if (source.trace != null) {
            if (!extmaps.isEmpty() || port != null || ssrc != null) {
                throw new UserError("--extmap, --port and --ssrc apply to --pcap only");
            }
            if (!Files.isRegularFile(source.trace)) {
                throw new UserError("no such trace file: " + source.trace);
            }
            try {
                final long rows = TracePipelineReplay.run(source.trace, tickInterval, RembSink.NONE,
                    EstimateObserver.NONE, journal, n -> err.printf("  %,d packets%n", n));
                out.printf("imported %,d packets from %s into %s%n", rows, source.trace, journal);
            } catch (final TraceFormatException e) {
                throw new UserError(e.getMessage(), e);
            }
        } else {
            importCapture(out, err);
        }
        out.println("replay with: bwe replay --journal " + journal + " --verify");
        return 0;
    }

    private ExtensionIds extensionIds() {
        if (extmaps.isEmpty()) {
            throw new UserError("--pcap needs --extmap ID=URI for abs-send-time (or abs-capture-time, toffset), or "
                + "--extmap none for a sender that stamps none: which header-extension id carries what is "
                + "negotiated in SDP, not in the packets");
        }
        final List<String> lines = new ArrayList<>();
        for (final String extmap : extmaps) {
            if (extmap.trim().equals("none")) {
                continue;
            }
            final int eq = extmap.indexOf('=');
            if (eq <= 0) {
                throw new UserError("--extmap '" + extmap + "': expected ID=URI, e.g. 2=abs-send-time");
            }
            String uri = extmap.substring(eq + 1).trim();
            if (uri.equals("abs-send-time")) {
                uri = SdpExtmap.ABS_SEND_TIME_URI;
            } else if (uri.equals("abs-capture-time")) {
                uri = SdpExtmap.ABS_CAPTURE_TIME_URI;
            } else if (uri.equals("toffset")) {
                uri = SdpExtmap.TOFFSET_URI;
            }
            lines.add("a=extmap:" + extmap.substring(0, eq).trim() + " " + uri);
        }
        try {
            return SdpExtmap.parse(lines);
        } catch (final IllegalArgumentException e) {
            throw new UserError("--extmap: " + e.getMessage(), e);
        }
    }

    private void importCapture(final PrintWriter out, final PrintWriter err) {
        final ExtensionIds ids = extensionIds();
        final Map<String, Long> sessions = new LinkedHashMap<>();
        final long tickNs = tickInterval.toNanos();
        final BwePipeline.Builder builder = BwePipeline.builder().tickSource(TickSource.MANUAL).tickInterval(tickInterval);
        if (startBitrateBps != null) {
            builder.estimatorConfig(dev.bwe.estimator.EstimatorConfig.builder().startBitrateBps(startBitrateBps).build());
        }
        JournalOptions.apply(builder, journal);
        final long[] count = {0};
        final PipelineCounters counters;
        try (BwePipeline pipeline = builder.build()) {
            final long[] nextTickNs = {Long.MIN_VALUE};
            final CaptureFile.Summary read = CaptureFile.read(source.pcap, d -> {
                if (!selected(d)) {
                    return;
                }
                final long arrivalNs = d.timestampUs() * 1000;
                if (nextTickNs[0] == Long.MIN_VALUE) {
                    // The first tick at or before the first packet, so that sessions open at a capture time.
                    nextTickNs[0] = Math.floorDiv(arrivalNs, tickNs) * tickNs;
                }
                while (nextTickNs[0] <= arrivalNs) {
                    pipeline.tick(nextTickNs[0]);
                    nextTickNs[0] += tickNs;
                }
                final Long session = sessions.computeIfAbsent(d.flow(), flow -> {
                    final long id = sessions.size() + 1;
                    pipeline.openSession(id, ids);
                    return id;
                });
                while (!pipeline.publishPacket(session, d.payload(), 0, d.payload().length, arrivalNs)) {
                    pipeline.awaitDrained(Duration.ofSeconds(30));
                }
                if (++count[0] % 100_000 == 0) {
                    err.printf("  %,d packets%n", count[0]);
                }
            });
            if (!pipeline.awaitDrained(Duration.ofSeconds(60))) {
                throw new IllegalStateException("the pipeline did not drain within 60 s");
            }
            counters = pipeline.counters();
            out.printf("imported %,d datagrams from %s into %s: %,d accepted, %,d rejected%n", count[0], source.pcap,
                journal, counters.packetsAccepted().get(), counters.rejectedTotal());
            for (final ParseStatus status : ParseStatus.values()) {
                if (status != ParseStatus.OK && counters.rejected(status.code()).get() > 0) {
                    out.printf("  rejected, %s: %,d%n", status.label(), counters.rejected(status.code()).get());
                }
            }
            if (read.truncated()) {
                out.printf("  the capture was cut short: its last %,d bytes are an incomplete packet, not imported;"
                    + " every complete packet before them was%n", read.incompleteTrailingBytes());
            }
        }
        for (final Map.Entry<String, Long> s : sessions.entrySet()) {
            out.printf("  session %d = %s%n", s.getValue(), s.getKey());
        }
        if (count[0] == 0) {
            throw new UserError("no UDP datagram in " + source.pcap + " matched"
                + (port != null || ssrc != null ? " the filters" : ""));
        }
    }

    private boolean selected(final Datagram d) {
        if (port != null && d.sourcePort() != port && d.destinationPort() != port) {
            return false;
        }
        if (ssrc != null) {
            final byte[] p = d.payload();
            if (p.length < 12) {
                return false;
            }
            final int packetSsrc = ((p[8] & 0xFF) << 24) | ((p[9] & 0xFF) << 16) | ((p[10] & 0xFF) << 8) | (p[11] & 0xFF);
            return packetSsrc == ssrc;
        }
        return true;
    }
}
