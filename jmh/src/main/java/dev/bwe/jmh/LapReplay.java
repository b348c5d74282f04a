package dev.bwe.jmh;

/**
 * A publisher's position in an endless replay of a {@link MultiSessionLap}: lap {@code n} is lap 0
 * arriving {@code n × 128 s} later. Publishing is the relay's receive thread handing each packet over.
 */
final class LapReplay {
    final MultiSessionLap lap;
    private int index;
    private long lapNumber;

    LapReplay(final MultiSessionLap lap) {
        this.lap = lap;
    }

    /** Opens every session of the lap in {@code handoff}. */
    void openSessions(final Handoff handoff) {
        for (int k = 0; k < MultiSessionLap.SESSIONS; k++) {
            handoff.openSession(MultiSessionLap.sessionId(k), MultiSessionLap.extensionIds());
        }
    }

    /**
     * Publishes the next {@code packets} packets, waiting for room whenever the hand-off is full.
     *
     * @return how many of them found it full and had to wait
     */
    long publish(final Handoff handoff, final int packets) {
        long waits = 0;
        for (int n = 0; n < packets; n++) {
            if (publishNext(handoff)) {
                waits++;
            }
        }
        return waits;
    }

    /** Publishes the next packet; true when it had to wait for room. */
    boolean publishNext(final Handoff handoff) {
        final int i = index;
        final boolean waited = handoff.publish(lap.sessionOf(i), lap.packets(), lap.offset(i), lap.lengthBytes(i),
            lap.arrivalNs(i, lapNumber));
        if (++index == lap.packetCount()) {
            index = 0;
            lapNumber++;
        }
        return waited;
    }
}
