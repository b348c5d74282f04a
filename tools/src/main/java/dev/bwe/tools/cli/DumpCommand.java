package dev.bwe.tools.cli;

import dev.bwe.estimator.SsrcSet;
import dev.bwe.pipeline.event.EventType;
import dev.bwe.pipeline.event.PipelineEvent;
import dev.bwe.pipeline.journal.JournalDump;
import dev.bwe.pipeline.journal.JournalFormatException;
import dev.bwe.pipeline.journal.JournalHeader;
import dev.bwe.pipeline.journal.JournalRecordType;
import dev.bwe.pipeline.journal.JournalRecords;
import dev.bwe.pipeline.replay.ReplayResult;
import dev.bwe.pipeline.rtp.ParseStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bwe dump}: a journal's records as readable text, or its packets as CSV. Exit codes: 0 clean,
 * 2 bad arguments or an unreadable journal, 3 dumped around damage or gaps.
 */
@Command(name = "dump", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Print a journal's records (text), or one CSV row per packet with its parse status and send time.")
final class DumpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    enum Format { text, csv }

    @Option(names = "--journal", paramLabel = "DIR", required = true, description = "The journal directory.")
    Path journal;

    @Option(names = "--format", defaultValue = "text", description = "text or csv (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--session", paramLabel = "ID", description = "Only this session.")
    Long session;

    @Option(names = "--ssrc", paramLabel = "SSRC", converter = SsrcConverter.class,
        description = "Only packets of this SSRC (decimal or 0x hex).")
    Integer ssrc;

    @Option(names = "--from", paramLabel = "SECONDS", description = "Only records at or after this time, seconds in "
        + "the journal's clock (the times the dump prints).")
    Double fromS;

    @Option(names = "--to", paramLabel = "SECONDS", description = "Only records before this time, seconds in the "
        + "journal's clock.")
    Double toS;

    @Option(names = "--rembs", description = "Text format: also list the estimate updates and the REMBs the "
        + "pipeline sent.")
    boolean rembs;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        if (format == Format.csv) {
            out.println("time_us,session,ssrc,seq,payload_size,packet_length,status,abs_send_time,abs_capture_time,"
                + "rtp_timestamp,toffset");
        }
        final List<ReplayResult.Corruption> damage;
        final long[] gaps = {0};
        try {
            damage = JournalDump.read(journal, new JournalDump.Visitor() {
                @Override
                public void header(final JournalHeader header, final boolean start) {
                    if (format == Format.text) {
                        out.println((start ? "HEADER start " : "HEADER roll ") + header);
                    }
                }

                @Override
                public void event(final PipelineEvent e) {
                    if (selected(e.timeNs, e.type == EventType.TICK ? -1 : e.sessionId,
                        e.type == EventType.PACKET ? e.ssrc : null)) {
                        print(out, e);
                    }
                }

                @Override
                public void remb(final long timeNs, final long sessionId, final long bitrateBps, final SsrcSet ssrcs) {
                    if (rembs && format == Format.text && selected(timeNs, sessionId, null)) {
                        out.printf("REMB      t=%.6f s session=%d bitrate=%d bps ssrcs=%s%n", seconds(timeNs),
                            sessionId, bitrateBps, Csv.ssrcs(ssrcs));
                    }
                }

                @Override
                public void estimate(final long timeNs, final long sessionId, final long bitrateBps) {
                    if (rembs && format == Format.text && selected(timeNs, sessionId, null)) {
                        out.printf("ESTIMATE  t=%.6f s session=%d bitrate=%d bps%n", seconds(timeNs), sessionId,
                            bitrateBps);
                    }
                }

                @Override
                public void gap(final ReplayResult.Gap gap) {
                    gaps[0]++;
                    if (format == Format.text) {
                        out.println("GAP       " + gap);
                    }
                }

                @Override
                public void estimatorSwitch(final JournalRecords.EstimatorSwitch sw) {
                    if (format == Format.text && selected(sw.timeNs(), sw.sessionId(), null)) {
                        out.printf("SWITCH    t=%.6f s session=%d ssrc=0x%08x estimator %s -> %s%n",
                            seconds(sw.timeNs()), sw.sessionId(), sw.ssrc(), sw.from().label(), sw.to().label());
                    }
                }

                @Override
                public void other(final int type, final int bodyLength) {
                    if (format == Format.text) {
                        out.printf("RECORD    %s, %d bytes%n", JournalRecordType.nameOf(type), bodyLength);
                    }
                }
            });
        } catch (final JournalFormatException e) {
            throw new UserError(e.getMessage(), e);
        }
        for (final ReplayResult.Corruption c : damage) {
            spec.commandLine().getErr().println("bwe: journal damaged, dumped around it: " + c);
        }
        if (gaps[0] > 0) {
            spec.commandLine().getErr().println("bwe: the journal has " + gaps[0]
                + " gap(s): the live journal fell behind and lost records there (never packets)");
        }
        return damage.isEmpty() && gaps[0] == 0 ? 0 : ExitCodes.DAMAGED;
    }

    private boolean selected(final long timeNs, final long sessionId, final Integer packetSsrc) {
        final double t = seconds(timeNs);
        if ((fromS != null && t < fromS) || (toS != null && t >= toS)) {
            return false;
        }
        if (session != null && sessionId != -1 && sessionId != session) {
            return false;
        }
        if (ssrc != null && (packetSsrc == null || packetSsrc.intValue() != ssrc)) {
            return false;
        }
        return sessionId != -1 || (session == null && ssrc == null);
    }

    /** Times are printed as they are journaled: seconds in the pipeline's clock (simulated time, capture time...). */
    private static double seconds(final long timeNs) {
        return timeNs / 1e9;
    }

    private void print(final PrintWriter out, final PipelineEvent e) {
        if (format == Format.csv) {
            if (e.type == EventType.PACKET) {
                out.printf("%d,%d,%d,%d,%d,%d,%s,%s,%s,%d,%s%n", Math.floorDiv(e.timeNs, 1000L), e.sessionId,
                    Integer.toUnsignedLong(e.ssrc), e.sequenceNumber, e.payloadSizeBytes, e.packetLength,
                    ParseStatus.fromCode(e.parseStatus).label().replace(' ', '_'),
                    e.hasAbsSendTime ? Integer.toString(e.absSendTime24) : "",
                    e.hasAbsCaptureTime ? Long.toUnsignedString(e.absCaptureTimeNtp) : "",
                    Integer.toUnsignedLong(e.rtpTimestamp),
                    e.hasTransmissionOffset ? Integer.toString(e.transmissionOffset) : "");
            }
            return;
        }
        switch (e.type) {
            case EventType.PACKET:
                out.printf("PACKET    t=%.6f s session=%d ssrc=0x%08x seq=%d payload=%d len=%d status=%s%s%s"
                        + " rtp_ts=%d%s%n",
                    seconds(e.timeNs), e.sessionId, e.ssrc, e.sequenceNumber, e.payloadSizeBytes, e.packetLength,
                    ParseStatus.fromCode(e.parseStatus).label(),
                    e.hasAbsSendTime ? " abs_send_time=" + e.absSendTime24 : "",
                    e.hasAbsCaptureTime ? " abs_capture_time=" + Long.toUnsignedString(e.absCaptureTimeNtp) : "",
                    Integer.toUnsignedLong(e.rtpTimestamp),
                    e.hasTransmissionOffset ? " toffset=" + e.transmissionOffset : "");
                break;
            case EventType.TICK:
                out.printf("TICK      t=%.6f s%n", seconds(e.timeNs));
                break;
            case EventType.OPEN_SESSION:
                out.printf("OPEN      t=%.6f s session=%d %s%n", seconds(e.timeNs), e.sessionId, e.settings);
                break;
            case EventType.CLOSE_SESSION:
                out.printf("CLOSE     t=%.6f s session=%d%n", seconds(e.timeNs), e.sessionId);
                break;
            case EventType.RTT_UPDATE:
                out.printf("RTT       t=%.6f s session=%d rtt=%d us%n", seconds(e.timeNs), e.sessionId, e.controlA);
                break;
            case EventType.BITRATE_BOUNDS:
                out.printf("BOUNDS    t=%.6f s session=%d min=%d bps max=%d bps%n", seconds(e.timeNs), e.sessionId,
                    e.controlA, e.controlB);
                break;
            case EventType.REMOVE_STREAM:
                out.printf("REMOVE    t=%.6f s session=%d ssrc=0x%08x%n", seconds(e.timeNs), e.sessionId, e.controlA);
                break;
            case EventType.SET_REMB_SENDER_SSRC:
                out.printf("SENDER    t=%.6f s session=%d remb_sender_ssrc=0x%08x%n", seconds(e.timeNs), e.sessionId,
                    e.controlA);
                break;
            default:
                break;
        }
    }
}
