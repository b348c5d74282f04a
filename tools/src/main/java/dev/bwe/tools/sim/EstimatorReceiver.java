package dev.bwe.tools.sim;

import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.estimator.RemoteBitrateEstimator;
import dev.bwe.estimator.SsrcSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * A {@link SimReceiver} made of the estimator alone: one {@link RemoteBitrateEstimator} per session,
 * single-threaded, and a {@link RembThrottle} per session that decides which estimates leave as REMBs.
 *
 * <p>On a tick ({@link #advanceTo}) each session's estimator applies the stream timeout with the tick's
 * time, so that a silent stream leaves the SSRC list without waiting for a packet, and a periodic REMB
 * with the latest estimate is sent when one is due. Times go to the estimator in µs, truncated.
 */
public final class EstimatorReceiver implements SimReceiver {
    private final EstimatorConfig config;
    private final RembFeedback feedback;
    private final Long2ObjectHashMap<Session> sessions = new Long2ObjectHashMap<>();
    /** Same sessions in opening order: ticks visit them in a fixed order, for reproducible runs. */
    private final List<Session> sessionOrder = new ArrayList<>();

    public EstimatorReceiver(final EstimatorConfig config, final RembFeedback feedback) {
        this.config = Objects.requireNonNull(config, "config");
        this.feedback = Objects.requireNonNull(feedback, "feedback");
    }

    /** A factory for simulations: every run gets fresh estimators with {@code config}. */
    public static SimReceiverFactory factory(final EstimatorConfig config) {
        return feedback -> new EstimatorReceiver(config, feedback);
    }

    @Override
    public void openSession(final long sessionId, final int absSendTimeExtensionId) {
        session(sessionId);
    }

    @Override
    public void onPacket(final long sessionId, final long arrivalTimeNs, final SimPacket packet) {
        final Session session = session(sessionId);
        session.nowNs = arrivalTimeNs;
        session.estimator.incomingRtpPacket(arrivalTimeNs / SimTime.NS_PER_US, packet.ssrc(), packet.sequenceNumber(),
            packet.absSendTime24(), packet.payloadSizeBytes());
    }

    @Override
    public void advanceTo(final long nowNs) {
        final long nowUs = nowNs / SimTime.NS_PER_US;
        for (int i = 0; i < sessionOrder.size(); i++) {
            final Session session = sessionOrder.get(i);
            session.nowNs = nowNs;
            session.estimator.timeoutStreams(nowUs);
            if (session.throttle.periodicDue(nowUs)) {
                final long bitrateBps = session.estimator.latestEstimateBps();
                if (bitrateBps > 0) {
                    session.throttle.markSent(nowUs, bitrateBps);
                    feedback.onRemb(nowNs, session.id, bitrateBps, session.estimator.ssrcs());
                }
            }
        }
    }

    /** The estimator of a session, or null if the session was never seen (for tests and diagnostics). */
    public RemoteBitrateEstimator estimator(final long sessionId) {
        final Session session = sessions.get(sessionId);
        return session == null ? null : session.estimator;
    }

    private Session session(final long sessionId) {
        Session session = sessions.get(sessionId);
        if (session == null) {
            session = new Session(sessionId);
            sessions.put(sessionId, session);
            sessionOrder.add(session);
        }
        return session;
    }

    /** One session's estimator and REMB throttle. */
    private final class Session {
        private final long id;
        private final RemoteBitrateEstimator estimator;
        private final RembThrottle throttle = new RembThrottle();
        /** The simulated time of the call in progress, ns, so that REMBs carry ns rather than the µs given. */
        private long nowNs;

        Session(final long id) {
            this.id = id;
            this.estimator = new RemoteBitrateEstimator(config, this::onEstimate);
        }

        private void onEstimate(final long timeUs, final long bitrateBps, final SsrcSet ssrcs) {
            if (throttle.onEstimate(timeUs, bitrateBps)) {
                feedback.onRemb(nowNs, id, bitrateBps, ssrcs);
            }
        }
    }
}
