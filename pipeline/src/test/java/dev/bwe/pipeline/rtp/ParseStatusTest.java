package dev.bwe.pipeline.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ParseStatusTest {
    @Test
    void codesAreStableCounterIds() {
        // Counter files written by one build are read by another: this order is an interface.
        assertThat(Arrays.stream(ParseStatus.values()).map(Enum::name)).containsExactly(
            "OK",
            "TOO_SHORT",
            "BAD_VERSION",
            "NOT_RTP",
            "CSRC_OVERRUN",
            "BAD_EXTENSION_BLOCK",
            "BAD_PADDING",
            "HEADER_EXCEEDS_CAPTURE",
            "NO_SEND_TIME",
            "UNKNOWN_SESSION",
            "BAD_SLOT");
        for (final ParseStatus status : ParseStatus.values()) {
            assertThat(status.code()).isEqualTo(status.ordinal());
            assertThat(ParseStatus.fromCode(status.code())).isSameAs(status);
        }
        assertThat(ParseStatus.COUNT).isEqualTo(11);
    }

    @Test
    void everyStatusHasADistinctShortLabel() {
        final Set<String> labels = new HashSet<>();
        for (final ParseStatus status : ParseStatus.values()) {
            assertThat(status.label()).isNotBlank().hasSizeLessThanOrEqualTo(32);
            assertThat(labels.add(status.label())).as("duplicate label %s", status.label()).isTrue();
        }
    }

    @Test
    void rejectsUnknownCodes() {
        assertThatThrownBy(() -> ParseStatus.fromCode(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ParseStatus.fromCode(ParseStatus.COUNT))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("11");
    }
}
