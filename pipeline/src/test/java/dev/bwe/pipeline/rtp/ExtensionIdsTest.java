package dev.bwe.pipeline.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExtensionIdsTest {
    @Test
    void holdsBothIdsAndTellsWhichAreNegotiated() {
        final ExtensionIds ids = ExtensionIds.of(2, 13);
        assertThat(ids.absSendTimeId()).isEqualTo(2);
        assertThat(ids.absCaptureTimeId()).isEqualTo(13);
        assertThat(ids.hasAbsSendTime()).isTrue();
        assertThat(ids.hasAbsCaptureTime()).isTrue();

        final ExtensionIds sendOnly = ExtensionIds.of(2, 0);
        assertThat(sendOnly.hasAbsCaptureTime()).isFalse();
        assertThat(ExtensionIds.NONE.hasAbsSendTime()).isFalse();
        assertThat(ExtensionIds.NONE).isEqualTo(ExtensionIds.of(0, 0));
    }

    @Test
    void acceptsTheWholeTwoByteRangeIncludingFifteen() {
        assertThat(ExtensionIds.of(1, 255).absCaptureTimeId()).isEqualTo(255);
        assertThat(ExtensionIds.of(15, 14).absSendTimeId()).isEqualTo(15);
    }

    @Test
    void isAValue() {
        assertThat(ExtensionIds.of(3, 4)).isEqualTo(new ExtensionIds(3, 4)).hasSameHashCodeAs(new ExtensionIds(3, 4));
        assertThat(ExtensionIds.of(3, 4)).isNotEqualTo(ExtensionIds.of(4, 3));
    }

    @Test
    void rejectsIdsOutOfRange() {
        assertThatThrownBy(() -> ExtensionIds.of(-1, 0))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("abs-send-time extension id -1 is out of range: use 1..255, or 0 for not negotiated");
        assertThatThrownBy(() -> ExtensionIds.of(0, 256))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("abs-capture-time extension id 256 is out of range");
    }

    @Test
    void rejectsOneIdForBothExtensions() {
        assertThatThrownBy(() -> ExtensionIds.of(7, 7))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("abs-send-time and abs-capture-time cannot share extension id 7");
    }
}
