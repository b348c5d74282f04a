package dev.bwe.jmh.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void readsWhatJmhWrites() {
        final Object results = Json.parse("[ { \"benchmark\" : \"a.B.c\", \"params\" : { \"form\" : \"ONE_BYTE\" },"
            + " \"primaryMetric\" : { \"score\" : 12.5, \"scoreError\" : \"NaN\", \"scoreConfidence\" : [ 1e1, 15 ],"
            + " \"rawData\" : [ [ 12.5 ] ] }, \"secondaryMetrics\" : { }, \"x\" : [ ], \"ok\" : true,"
            + " \"n\" : null } ]");
        final Object first = Json.list(results).get(0);
        assertThat(Json.at(first, "params", "form")).isEqualTo("ONE_BYTE");
        assertThat(Json.number(Json.at(first, "primaryMetric", "score"))).isEqualTo(12.5);
        assertThat(Json.number(Json.at(first, "primaryMetric", "scoreError"))).isNaN();
        assertThat(Json.list(Json.at(first, "primaryMetric", "scoreConfidence")).stream().map(Json::number))
            .containsExactly(10.0, 15.0);
        assertThat(Json.number(Json.get(Json.parse("{\"x\": NaN}"), "x"))).isNaN();
        assertThat(Json.get(first, "ok")).isEqualTo(true);
        assertThat(Json.get(first, "n")).isNull();
        assertThat(Json.number(Json.get(first, "missing"))).isNaN();
    }

    @Test
    void writesWhatItReads() {
        final Map<String, Object> document = new LinkedHashMap<>();
        document.put("label", "ABQ + \"pool\"\n\\µs");
        document.put("count", 3L);
        document.put("share", 0.25);
        document.put("empty", List.of());
        document.put("items", List.of(Map.of("a", false), 1.5e-9));
        assertThat(Json.parse(Json.write(document))).isEqualTo(Map.of("label", "ABQ + \"pool\"\n\\µs",
            "count", 3, "share", 0.25, "empty", List.of(), "items", List.of(Map.of("a", false), 1.5e-9)));
    }

    @Test
    void refusesBrokenText() {
        assertThatThrownBy(() -> Json.parse("{\"a\": 1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parse("[1, 2] x")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("line 1");
    }
}
