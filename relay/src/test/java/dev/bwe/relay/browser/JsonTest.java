package dev.bwe.relay.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void readsWhatChromedriverSends() {
        final Object parsed = Json.parse("{\"value\": {\"sessionId\": \"a1b2\", \"capabilities\": "
            + "{\"browserVersion\": \"156.0.8078.79\", \"acceptInsecureCerts\": false,"
            + " \"timeouts\": {\"script\": 30000}},"
            + " \"list\": [1, -2.5, 3e3, null, true, \"x\\\"y\\\\z\\n\\u00e9\"]}}");
        final Map<?, ?> value = (Map<?, ?>) ((Map<?, ?>) parsed).get("value");
        assertThat(value.get("sessionId")).isEqualTo("a1b2");
        final Map<?, ?> capabilities = (Map<?, ?>) value.get("capabilities");
        assertThat(((Map<?, ?>) capabilities.get("timeouts")).get("script")).isEqualTo(30000L);
        assertThat(new java.util.ArrayList<Object>((List<?>) value.get("list")))
            .containsExactly(1L, -2.5, 3000.0, null, true, "x\"y\\z\né");
    }

    @Test
    void writesWhatItReads() {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("script", "return \"a\"\n\t;");
        map.put("args", List.of(1, 2.5, true, "\u0001"));
        map.put("none", null);
        final String text = Json.write(map);
        assertThat(text).isEqualTo(
            "{\"script\":\"return \\\"a\\\"\\n\\t;\",\"args\":[1,2.5,true,\"\\u0001\"],\"none\":null}");
        final Map<String, Object> expected = new LinkedHashMap<>(map);
        expected.put("args", List.of(1L, 2.5, true, "\u0001")); // integers come back as Long
        assertThat(Json.parse(text)).isEqualTo(expected);
    }

    @Test
    void rejectsBrokenJsonSayingWhere() {
        assertThatThrownBy(() -> Json.parse("{\"a\": 1} x")).hasMessageContaining("offset 9")
            .hasMessageContaining("trailing");
        assertThatThrownBy(() -> Json.parse("{\"a\" 1}")).hasMessageContaining("expected ':'");
        assertThatThrownBy(() -> Json.parse("[1, 2")).hasMessageContaining("unexpected end");
        assertThatThrownBy(() -> Json.parse("\"abc")).hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> Json.parse("\"\\q\"")).hasMessageContaining("bad escape");
        assertThatThrownBy(() -> Json.parse("nul")).hasMessageContaining("expected null");
        assertThatThrownBy(() -> Json.write(Double.NaN)).hasMessageContaining("NaN");
    }
}
