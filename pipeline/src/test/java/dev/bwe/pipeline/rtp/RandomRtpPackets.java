package dev.bwe.pipeline.rtp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Random valid RTP packets with abs-send-time, built with {@link RtpPacketBuilder}, and the values
 * a correct parser must read back. Deterministic for a given random generator.
 */
final class RandomRtpPackets {
    /** A generated packet, the session ids to parse it with, and what the parser must report. */
    record Expected(
        byte[] bytes,
        ExtensionIds ids,
        boolean marker,
        int payloadType,
        int sequenceNumber,
        int timestamp,
        int ssrc,
        int csrcCount,
        int headerLengthBytes,
        int paddingBytes,
        int payloadSizeBytes,
        int absSendTime24,
        boolean hasAbsCaptureTime,
        long absCaptureTimeNtp,
        boolean hasCaptureClockOffset,
        long captureClockOffset) {
    }

    private RandomRtpPackets() {
    }

    static Expected next(final SplittableRandom random) {
        final boolean oneByte = random.nextBoolean();
        final int maxId = oneByte ? ExtensionIds.MAX_ONE_BYTE_ID : ExtensionIds.MAX_ID;
        final int sendId = random.nextInt(1, maxId + 1);
        int captureId = 0;
        if (random.nextBoolean()) {
            do {
                captureId = random.nextInt(1, maxId + 1);
            } while (captureId == sendId);
        }
        final ExtensionIds ids = ExtensionIds.of(sendId, captureId);

        boolean marker = random.nextBoolean();
        final int payloadType = random.nextInt(128);
        if (marker && payloadType >= 64 && payloadType <= 95) {
            marker = false; // marker + PT 64..95 is RTCP's byte range under rtcp-mux (RFC 5761).
        }
        final int[] csrcs = new int[random.nextInt(16)];
        for (int i = 0; i < csrcs.length; i++) {
            csrcs[i] = random.nextInt();
        }
        final int sequenceNumber = random.nextInt(1 << 16);
        final int timestamp = random.nextInt();
        final int ssrc = random.nextInt();
        final RtpPacketBuilder builder = new RtpPacketBuilder()
            .marker(marker)
            .payloadType(payloadType)
            .sequenceNumber(sequenceNumber)
            .timestamp(timestamp)
            .ssrc(ssrc)
            .csrcs(csrcs);
        if (oneByte) {
            builder.oneByteExtensions();
        } else {
            builder.twoByteExtensions(random.nextInt(16));
        }

        final int absSendTime24 = random.nextInt(1 << 24);
        final boolean withCapture = captureId != 0 && random.nextBoolean();
        final boolean withOffset = random.nextBoolean();
        final long captureNtp = random.nextLong();
        final long clockOffset = random.nextLong();

        // Elements in random order: "other" elements (ids not negotiated) around ours.
        final List<Runnable> elements = new ArrayList<>();
        elements.add(() -> builder.element(sendId, bytes24(absSendTime24)));
        if (withCapture) {
            final int finalCaptureId = captureId;
            elements.add(() -> builder.element(finalCaptureId, captureBytes(captureNtp, withOffset, clockOffset)));
        }
        final int others = random.nextInt(7);
        for (int i = 0; i < others; i++) {
            int id;
            do {
                id = random.nextInt(1, maxId + 1);
            } while (id == sendId || id == captureId);
            final byte[] data = new byte[oneByte ? random.nextInt(1, 17) : otherTwoByteLength(random)];
            random.nextBytes(data);
            final int finalId = id;
            elements.add(() -> builder.element(finalId, data));
        }
        Collections.shuffle(elements, new Random(random.nextLong()));
        for (final Runnable element : elements) {
            final int zeroBytes = random.nextInt(4) == 0 ? random.nextInt(1, 4) : 0;
            for (int z = 0; z < zeroBytes; z++) {
                builder.blockBytes(0);
            }
            element.run();
        }

        final int payloadSizeBytes = random.nextInt(1201);
        builder.payloadSizeBytes(payloadSizeBytes);
        final int paddingBytes = random.nextBoolean() ? 0 : random.nextInt(1, 256);
        if (paddingBytes > 0) {
            builder.padding(paddingBytes);
        }
        final byte[] bytes = builder.build();
        final int headerLengthBytes = builder.headerLengthBytes();
        return new Expected(
            bytes,
            ids,
            marker,
            payloadType,
            sequenceNumber,
            timestamp,
            ssrc,
            csrcs.length,
            headerLengthBytes,
            paddingBytes,
            payloadSizeBytes + paddingBytes,
            absSendTime24,
            withCapture,
            withCapture ? captureNtp : 0,
            withCapture && withOffset,
            withCapture && withOffset ? clockOffset : 0);
    }

    private static int otherTwoByteLength(final SplittableRandom random) {
        // Mostly short, sometimes beyond the one-byte form's 16, rarely the 255 maximum.
        final int kind = random.nextInt(10);
        return kind == 0 ? random.nextInt(17, 256) : random.nextInt(0, 17);
    }

    private static byte[] bytes24(final int value) {
        return new byte[] {(byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    private static byte[] captureBytes(final long ntp, final boolean withOffset, final long offset) {
        final byte[] bytes = new byte[withOffset ? 16 : 8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (ntp >>> (56 - 8 * i));
            if (withOffset) {
                bytes[8 + i] = (byte) (offset >>> (56 - 8 * i));
            }
        }
        return bytes;
    }
}
