package dev.bwe.relay.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimelineFormatsTest {
    private static final double NONE = Double.NaN;

    private static List<TimelineRow> rows() {
        return List.of(
            new TimelineRow(0.5, 300_000, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, 1),
            new TimelineRow(1.0, 300_000, 280_123.4, 290_000, 250_000, 12.34, 300_000, 310_000, 305_000, 260_000,
                8.0, 2));
    }

    @Test
    void csvHasOneRowPerSampleWithTheLastRembOfItsIntervalAndEmptyFieldsForNoValue() {
        final String csv = TimelineFormats.csv(rows(), List.of(new TimelinePoint(0.7, 250_000),
            new TimelinePoint(0.9, 260_000)));
        assertThat(csv.lines()).containsExactly(TimelineFormats.CSV_HEADER,
            "0.500,1,300000,,,,,,,,,,",
            "1.000,2,300000,280123,260000,290000,250000,12.3,300000,310000,305000,260000,8.0");
    }

    @Test
    void jsonIsColumnarWithNullForNoValueAndEscapedEventLabels() throws Exception {
        final byte[] json = TimelineFormats.json(rows(), List.of(new TimelinePoint(0.7, 250_000)),
            List.of(new TimelineEvent(0.6, "profile \"adaptive\"\n(session 2)")));
        final Map<?, ?> parsed = new ObjectMapper().readValue(json, Map.class);
        assertThat(column(parsed, "t")).containsExactly(0.5, 1.0);
        assertThat(column(parsed, "estimate")).containsExactly(null, 280_123);
        assertThat(column(parsed, "queue")).containsExactly(null, 12.3);
        assertThat(column(parsed, "session")).containsExactly(1, 2);
        assertThat(column(parsed, "refEstimate")).containsExactly(null, 310_000);
        assertThat(column(parsed, "rembT")).containsExactly(0.7);
        assertThat(column(parsed, "rembBps")).containsExactly(250_000);
        final Map<?, ?> event = (Map<?, ?>) ((List<?>) parsed.get("events")).get(0);
        assertThat(event.get("label")).isEqualTo("profile \"adaptive\"\n(session 2)");
        assertThat(new String(TimelineFormats.json(List.of(), List.of(), List.of()),
            java.nio.charset.StandardCharsets.UTF_8)).contains("\"t\":[]", "\"events\":[]");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> column(final Map<?, ?> parsed, final String name) {
        return (List<Object>) parsed.get(name);
    }

    @Test
    void theTimelineKeepsABoundedTailAndAnswersFromATime() {
        final RunTimeline timeline = new RunTimeline();
        for (int i = 0; i < RunTimeline.MAX_ROWS + 10; i++) {
            timeline.add(new TimelineRow(i * 0.5, 1, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, 1));
        }
        assertThat(timeline.rows(0)).hasSize(RunTimeline.MAX_ROWS);
        assertThat(timeline.rows(0).get(0).timeS()).isEqualTo(5.0);
        assertThat(timeline.lastTimeS()).isEqualTo((RunTimeline.MAX_ROWS + 9) * 0.5);
        assertThat(timeline.rows(timeline.lastTimeS() - 1)).hasSize(3);
    }

    @Test
    void browserReadingsTakeThePagesLinesAndGoStale() {
        final BrowserReadings readings = new BrowserReadings();
        readings.accept("relay,1200000,950000.5\nreference,,800000\n", 1_000);
        assertThat(readings.relay(1_000).availableOutgoingBps()).isEqualTo(1_200_000);
        assertThat(readings.relay(1_000).sendBps()).isEqualTo(950_000.5);
        assertThat(readings.reference(1_000).availableOutgoingBps()).isNaN();
        assertThat(readings.relay(1_000 + BrowserReadings.FRESH_NS + 1)).isNull();
        assertThatThrownBy(() -> readings.accept("relay,1", 0)).hasMessageContaining("'relay,1'");
        assertThatThrownBy(() -> readings.accept("other,1,2", 0)).hasMessageContaining("unknown peer connection");
        assertThatThrownBy(() -> readings.accept("relay,x,2", 0)).hasMessageContaining("not a number");
        assertThatThrownBy(() -> readings.accept("relay,-5,2", 0)).hasMessageContaining("not a bitrate");
    }
}
