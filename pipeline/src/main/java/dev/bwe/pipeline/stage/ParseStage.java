package dev.bwe.pipeline.stage;

import dev.bwe.pipeline.event.EventType;
import dev.bwe.pipeline.event.PipelineEvent;
import dev.bwe.pipeline.rtp.ExtensionIds;
import dev.bwe.pipeline.rtp.ParseStatus;
import dev.bwe.pipeline.rtp.RtpHeaderParser;
import dev.bwe.pipeline.stat.PipelineCounters;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * First stage: validates each packet's RTP header and reads its send time with the session's
 * negotiated extension ids, writing the result into the slot. Owns: session → extension ids.
 */
public final class ParseStage implements Stage {
    private final Long2ObjectHashMap<ExtensionIds> extensionIds = new Long2ObjectHashMap<>();
    private final RtpHeaderParser parser = new RtpHeaderParser();
    private final PipelineCounters counters;

    public ParseStage(final PipelineCounters counters) {
        this.counters = counters;
    }

    @Override
    public void onEvent(final PipelineEvent event) {
        switch (event.type) {
            case EventType.PACKET:
                onPacket(event);
                break;
            case EventType.OPEN_SESSION:
                extensionIds.put(event.sessionId, event.settings.extensionIds());
                break;
            case EventType.CLOSE_SESSION:
                extensionIds.remove(event.sessionId);
                break;
            default:
                break;
        }
    }

    private void onPacket(final PipelineEvent event) {
        counters.packetsEntered().incrementOrdered();
        final ExtensionIds ids = extensionIds.get(event.sessionId);
        int status;
        if (ids == null) {
            status = ParseStatus.UNKNOWN_SESSION.code();
        } else {
            status = parser.parse(event.header, 0, event.capturedLength, event.packetLength, event.lastByte, ids);
            if (status == ParseStatus.OK.code() || status == ParseStatus.NO_SEND_TIME.code()) {
                event.ssrc = parser.ssrc();
                event.sequenceNumber = parser.sequenceNumber();
                event.payloadSizeBytes = parser.payloadSizeBytes();
                event.hasAbsSendTime = parser.hasAbsSendTime();
                event.absSendTime24 = parser.absSendTime24();
                event.hasAbsCaptureTime = parser.hasAbsCaptureTime();
                event.absCaptureTimeNtp = parser.absCaptureTimeNtp();
                event.rtpTimestamp = parser.timestamp();
                event.hasTransmissionOffset = parser.hasTransmissionOffset();
                event.transmissionOffset = parser.transmissionOffset();
            }
            // A packet with no send-time extension still has its RTP timestamp, which the session's
            // estimator uses unless the session relies on abs-capture-time alone.
            if (status == ParseStatus.NO_SEND_TIME.code() && ids.usesRtpTimestamps()) {
                status = ParseStatus.OK.code();
            }
            if (parser.malformedExtensionCount() > 0) {
                counters.malformedTimeExtensions().incrementOrdered();
            }
        }
        event.parseStatus = status;
        if (status != ParseStatus.OK.code()) {
            counters.rejected(status).incrementOrdered();
        }
    }

    /** Sessions this stage knows (for tests and leak checks). */
    public int sessionCount() {
        return extensionIds.size();
    }
}
