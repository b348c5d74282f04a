package dev.bwe.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LatestEstimatesTest {
    @Test
    void zeroUntilOpenAndSetThenZeroAgainAfterClose() {
        final LatestEstimates latest = new LatestEstimates(8);
        assertThat(latest.get(5)).isZero();
        latest.set(5, 1000);
        assertThat(latest.get(5)).as("not open: ignored").isZero();
        latest.open(5);
        assertThat(latest.get(5)).isZero();
        latest.set(5, 300_000);
        latest.open(-7);
        latest.set(-7, 42);
        assertThat(latest.get(5)).isEqualTo(300_000);
        assertThat(latest.get(-7)).isEqualTo(42);
        latest.close(5);
        assertThat(latest.get(5)).isZero();
        assertThat(latest.get(-7)).isEqualTo(42);
        latest.open(5);
        assertThat(latest.get(5)).as("reopened: no estimate yet").isZero();
    }

    @Test
    void churnOfManySessionsKeepsTheLiveOnesAndProbesStayBounded() {
        final LatestEstimates latest = new LatestEstimates(64);
        for (long id = 0; id < 100_000; id++) {
            latest.open(id);
            latest.set(id, id + 1);
            if (id >= 50) {
                latest.close(id - 50);
            }
        }
        for (long id = 100_000 - 50; id < 100_000; id++) {
            assertThat(latest.get(id)).isEqualTo(id + 1);
        }
        assertThat(latest.get(100_000 - 51)).isZero();
    }

    @Test
    void growsPastItsExpectedSessionCount() {
        final LatestEstimates latest = new LatestEstimates(4);
        for (long id = 0; id < 1000; id++) {
            latest.open(id);
            latest.set(id, id + 7);
        }
        for (long id = 0; id < 1000; id++) {
            assertThat(latest.get(id)).isEqualTo(id + 7);
        }
    }

    @Test
    void readersOnOtherThreadsSeeOnlyValuesTheWriterWrote() throws Exception {
        final LatestEstimates latest = new LatestEstimates(32);
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong wrong = new AtomicLong();
        final Thread reader = new Thread(() -> {
            while (!stop.get()) {
                for (long id = 0; id < 40; id++) {
                    final long v = latest.get(id);
                    // The writer only ever stores id * 1000 + k for k < 1000 in session id.
                    if (v != 0 && v / 1000 != id) {
                        wrong.incrementAndGet();
                    }
                }
            }
        });
        reader.start();
        for (int round = 0; round < 2000; round++) {
            for (long id = 0; id < 30; id++) {
                latest.open(id);
                latest.set(id, id * 1000 + round % 1000);
            }
            for (long id = 0; id < 30; id += 2) {
                latest.close(id);
            }
        }
        stop.set(true);
        reader.join(10_000);
        assertThat(wrong.get()).isZero();
    }

    @Test
    void growsWhenMoreSessionsOpenThanItWasSizedFor() {
        final LatestEstimates latest = new LatestEstimates(16);
        for (long s = 1; s <= 10_000; s++) {
            latest.open(s);
            latest.set(s, s * 1000);
        }
        for (long s = 1; s <= 10_000; s++) {
            org.assertj.core.api.Assertions.assertThat(latest.get(s)).isEqualTo(s * 1000);
        }
    }
}
