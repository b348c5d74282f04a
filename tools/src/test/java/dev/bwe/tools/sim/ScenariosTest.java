package dev.bwe.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScenariosTest {
    private static final long S = 1_000_000_000L;

    @Test
    void registryHasTheNamedScenariosInOrder() {
        assertThat(Scenarios.names()).containsSubsequence("steady-1mbps", "capacity-drop", "rfc8867-variable",
            "tcp-competition", "demo");
        assertThat(Scenarios.all()).extracting(Scenario::name).isEqualTo(Scenarios.names());
        for (final Scenario scenario : Scenarios.all()) {
            assertThat(scenario.description()).isNotBlank();
            assertThat(scenario.config().sessions()).isNotEmpty();
            assertThat(Scenarios.byName(scenario.name())).isSameAs(scenario);
        }
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> Scenarios.byName("nope"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("unknown scenario 'nope'")
            .hasMessageContaining("steady-1mbps, capacity-drop, rfc8867-variable");
    }

    @Test
    void rfc8867VariableHasTheTestCaseParameters() {
        final SimulationConfig config = Scenarios.byName("rfc8867-variable").config();
        final SessionConfig session = config.sessions().get(0);

        assertThat(config.durationNs()).isEqualTo(100 * S);
        assertThat(session.link().capacity())
            .isEqualTo(CapacitySchedule.parse("1mbps@0s,2.5mbps@40s,600kbps@60s,1mbps@80s"));
        assertThat(session.link().propagationDelayNs()).isEqualTo(50_000_000);
        assertThat(session.link().queueLimit()).isEqualTo(QueueLimit.millis(300));
        assertThat(session.link().lossProbability()).isZero();
        assertThat(session.link().jitterMaxNs()).isZero();
        assertThat(Scenarios.byName("rfc8867-variable-jitter").config().sessions().get(0).link().jitterMaxNs())
            .isEqualTo(30_000_000);
        assertThat(session.streams()).hasSize(1);
    }

    @Test
    void scenarioConfigsCanBeAdjusted() {
        final SimulationConfig config = Scenarios.byName("tcp-competition").config().toBuilder()
            .seed(5).durationMs(1_000).build();

        assertThat(config.seed()).isEqualTo(5);
        assertThat(config.durationNs()).isEqualTo(S);
        assertThat(config.sessions().get(0).crossTraffic()).isNotNull();
        assertThat(config.sessions().get(0).link().capacity().capacityBpsAt(0)).isEqualTo(2_000_000);
    }
}
