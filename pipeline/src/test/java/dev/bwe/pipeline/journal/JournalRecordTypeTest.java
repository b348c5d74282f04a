package dev.bwe.pipeline.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.pipeline.event.EventType;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one registry of record types: stable codes, the reserved ranges, lookups that cannot collide. */
class JournalRecordTypeTest {
    @Test
    void codesAreTheSharedOnesAndUnique() {
        assertThat(JournalRecordType.PACKET.code()).isEqualTo(EventType.PACKET);
        assertThat(JournalRecordType.TICK.code()).isEqualTo(EventType.TICK);
        assertThat(JournalRecordType.OPEN_SESSION.code()).isEqualTo(EventType.OPEN_SESSION);
        assertThat(JournalRecordType.CLOSE_SESSION.code()).isEqualTo(EventType.CLOSE_SESSION);
        assertThat(JournalRecordType.RTT_UPDATE.code()).isEqualTo(EventType.RTT_UPDATE);
        assertThat(JournalRecordType.BITRATE_BOUNDS.code()).isEqualTo(EventType.BITRATE_BOUNDS);
        assertThat(JournalRecordType.REMOVE_STREAM.code()).isEqualTo(EventType.REMOVE_STREAM);
        assertThat(JournalRecordType.SET_REMB_SENDER_SSRC.code()).isEqualTo(EventType.SET_REMB_SENDER_SSRC);
        assertThat(JournalRecordType.HEADER.code()).isEqualTo(16);
        assertThat(JournalRecordType.REMB.code()).isEqualTo(17);
        assertThat(JournalRecordType.ESTIMATOR_SWITCH.code()).isEqualTo(30);
        final Set<Integer> codes = new HashSet<>();
        for (final JournalRecordType type : JournalRecordType.values()) {
            assertThat(codes.add(type.code())).as("%s's code is unique", type).isTrue();
            assertThat(type.code()).as("%s's code is not the batch document's", type)
                .isNotEqualTo(JournalRecordType.BATCH_DOCUMENT);
            assertThat(JournalRecordType.of(type.code())).isSameAs(type);
            assertThat(type.bodyBytes()).isPositive().isLessThan(1 << 16);
        }
        assertThat(JournalRecordType.of(JournalRecordType.BATCH_DOCUMENT)).isNull();
        assertThat(JournalRecordType.of(31)).isNull();
        assertThat(JournalRecordType.nameOf(99)).isEqualTo("UNKNOWN(99)");
    }

    @Test
    void onlyOutputsAndPacketsMayBeLost() {
        for (final JournalRecordType type : JournalRecordType.values()) {
            final boolean expected = type == JournalRecordType.PACKET || type == JournalRecordType.REMB
                || type == JournalRecordType.ESTIMATE_UPDATE;
            assertThat(type.lossy()).as("%s lossy", type).isEqualTo(expected);
        }
    }

    @Test
    void fixedSizesAreExactAndVariableOnesAMinimum() {
        assertThat(JournalRecordType.PACKET.acceptsBodyLength(52)).isTrue();
        assertThat(JournalRecordType.PACKET.acceptsBodyLength(53)).isFalse();
        assertThat(JournalRecordType.REMB.acceptsBodyLength(JournalRecords.rembBodyBytes(3))).isTrue();
        assertThat(JournalRecordType.REMB.acceptsBodyLength(24)).isFalse();
        assertThat(JournalRecordType.GAP.acceptsBodyLength(JournalRecords.gapBodyBytes(2))).isTrue();
    }
}
