package dev.bwe.pipeline;

/**
 * What each stage holds at one moment: the sessions it knows and the streams it tracks. All zero once
 * every session is closed and every stream timed out, whatever came before (leak checks, the soak).
 *
 * @param parseSessions sessions the parse stage has extension ids for
 * @param estimateSessions sessions with an estimator
 * @param estimateStreams live streams summed over those estimators
 * @param timerSessions sessions the timer stage schedules REMBs for
 * @param timerStreams SSRCs on the timer stage's REMB lists
 */
public record StageOccupancy(int parseSessions, int estimateSessions, int estimateStreams, int timerSessions,
                             long timerStreams) {
    /** True when no stage holds anything. */
    public boolean isEmpty() {
        return parseSessions == 0 && estimateSessions == 0 && estimateStreams == 0 && timerSessions == 0
            && timerStreams == 0;
    }
}
