package dev.bwe.estimator.remb;

import dev.bwe.estimator.SsrcSet;

/**
 * Decides when a session sends a REMB: libwebrtc's {@code RembThrottler} plus the periodic repeat that
 * libwebrtc gets from its RTCP sender.
 *
 * <p><b>Throttle</b> ({@link #onEstimate}). A new estimate goes out at once when it is a real drop
 * ({@code bitrate * 103 / 100 <= last}, integer arithmetic, so at or below about 97.09 % of the last
 * forwarded estimate) or when at least 200 ms passed since the last REMB; otherwise it is dropped, not
 * delayed: the estimator produces a fresh one soon enough. Rises therefore reach the sender at most every
 * 200 ms, while drops of more than about 3 %, which stop queues from building, are never held back. The
 * very first estimate always goes out. The REMB carries {@code min(estimate, cap)}, but the throttle
 * compares uncapped estimates, as libwebrtc does.
 *
 * <p><b>Cap</b> ({@link #setMaxDesiredBitrate}). As libwebrtc's {@code SetMaxDesiredReceiveBitrate}: the
 * cap is stored and announced at once with an <em>empty</em> SSRC list, unless a REMB went out less than
 * 200 ms ago with a nonzero estimate that is already within the new cap. A cap REMB does not restart the
 * 200 ms throttle (libwebrtc does not record it there), but it does restart the re-send interval.
 *
 * <p><b>Re-send</b> ({@link #onTick}). libwebrtc stores the last REMB in its RTCP sender and repeats it in
 * every compound report (every 1 s for video), so a REMB lost on the way is repaired within a report
 * interval. Here the last announced bitrate (never above the cap in force) is repeated once
 * {@code resendIntervalUs} passed since the last REMB of any kind, listing the SSRCs live <em>now</em>
 * (streams come and go between estimates); with no live SSRC nothing is sent, as there is nobody to
 * address. A re-send is a REMB on the wire, so it restarts the 200 ms throttle too.
 *
 * <p>No SSRC list is copied: an estimate's list is handed straight to the {@link RembSender} during the
 * call, a cap REMB lists none, and a re-send lists the caller's live set. No clock is read; every method
 * takes the time in µs from the caller (the packet arrival time in bwe), so tests are exact. Times are
 * compared by difference, so any origin works, negative included, as long as time does not go backwards.
 * Steady state allocates nothing. Single-threaded: one scheduler per session, used from one thread. State
 * is updated before the sender is called, as in libwebrtc, so an exception from the sender does not undo
 * a decision.
 */
public final class RembScheduler {
    /** libwebrtc's {@code kRembSendInterval}: at most one non-drop REMB per 200 ms. */
    public static final long MIN_SEND_INTERVAL_US = 200_000;
    /** libwebrtc's {@code kSendThresholdPercent}: a drop below last * 100 / 103 is sent at once. */
    public static final int SEND_THRESHOLD_PERCENT = 103;
    /** The RTCP report interval for video in libwebrtc: the last REMB is repeated this often. */
    public static final long DEFAULT_RESEND_INTERVAL_US = 1_000_000;
    /** The cap in force when none was set: no estimate is above it. */
    public static final long NO_CAP_BPS = Long.MAX_VALUE;

    private final RembSender sender;
    private final long resendIntervalUs;

    /** libwebrtc's last_send_remb_bitrate_ is +infinity until the first estimate is forwarded. */
    private boolean estimateSent;
    /** The last forwarded estimate before capping (libwebrtc's last_send_remb_bitrate_), bps. */
    private long lastEstimateBps;
    /** Start of the 200 ms throttle window (libwebrtc's last_remb_time_), µs; meaningful once sent. */
    private long throttleStartUs;
    /** libwebrtc's max_remb_bitrate_, bps. */
    private long capBps = NO_CAP_BPS;
    /** Whether any REMB (estimate, cap or re-send) went out since construction or reset. */
    private boolean anySent;
    /** The bitrate of the last REMB that went out, as announced (capped), bps. */
    private long lastSentBps;
    /** When the last REMB of any kind went out, µs. */
    private long lastSentUs;

    /**
     * A scheduler that re-sends every {@link #DEFAULT_RESEND_INTERVAL_US}.
     *
     * @param sender receives every REMB that should go out
     */
    public RembScheduler(final RembSender sender) {
        this(sender, DEFAULT_RESEND_INTERVAL_US);
    }

    /**
     * A scheduler with a chosen re-send interval.
     *
     * @param sender receives every REMB that should go out
     * @param resendIntervalUs repeat the last REMB after this many µs without one; 0 or less disables it
     */
    public RembScheduler(final RembSender sender, final long resendIntervalUs) {
        if (sender == null) {
            throw new NullPointerException("sender");
        }
        this.sender = sender;
        this.resendIntervalUs = resendIntervalUs;
    }

    /**
     * Offers a new estimate; forwards it unless the throttle holds it back.
     *
     * @param nowUs current time, µs
     * @param bitrateBps the estimate, bits per second, &gt;= 0
     * @param ssrcs the SSRCs the estimate covers, handed to the sender unchanged
     * @return whether a REMB was sent
     * @throws IllegalArgumentException when bitrateBps is negative
     */
    public boolean onEstimate(final long nowUs, final long bitrateBps, final SsrcSet ssrcs) {
        if (bitrateBps < 0) {
            throw new IllegalArgumentException("bitrateBps must be >= 0 but was " + bitrateBps);
        }
        if (estimateSent && nowUs - throttleStartUs < MIN_SEND_INTERVAL_US
            && exceedsDropThreshold(bitrateBps, lastEstimateBps)) {
            return false;
        }
        estimateSent = true;
        lastEstimateBps = bitrateBps;
        throttleStartUs = nowUs;
        send(nowUs, Math.min(bitrateBps, capBps), ssrcs);
        return true;
    }

    /**
     * Caps every later REMB at {@code capBps} and announces the cap, as libwebrtc's
     * {@code SetMaxDesiredReceiveBitrate}: at once and with an empty SSRC list, unless a REMB went out
     * less than 200 ms ago with a nonzero estimate &lt;= the cap (the sender already has a value within it).
     *
     * @param nowUs current time, µs
     * @param capBps the cap, bits per second, &gt;= 0; {@link #NO_CAP_BPS} caps nothing but is still announced
     * @return whether a REMB was sent
     * @throws IllegalArgumentException when capBps is negative
     */
    public boolean setMaxDesiredBitrate(final long nowUs, final long capBps) {
        if (capBps < 0) {
            throw new IllegalArgumentException("capBps must be >= 0 but was " + capBps);
        }
        this.capBps = capBps;
        if (estimateSent && nowUs - throttleStartUs < MIN_SEND_INTERVAL_US
            && lastEstimateBps != 0 && lastEstimateBps <= capBps) {
            return false;
        }
        send(nowUs, capBps, SsrcSet.EMPTY);
        return true;
    }

    /**
     * Repeats the last REMB's bitrate (lowered to the cap in force, should that be lower), listing
     * {@code liveSsrcs}, when a REMB went out before, none for the re-send interval, and {@code liveSsrcs}
     * is not empty.
     *
     * @param nowUs current time, µs
     * @param liveSsrcs the SSRCs being received now
     * @return whether a REMB was sent
     */
    public boolean onTick(final long nowUs, final SsrcSet liveSsrcs) {
        if (!anySent || resendIntervalUs <= 0 || nowUs - lastSentUs < resendIntervalUs || liveSsrcs.size() == 0) {
            return false;
        }
        throttleStartUs = nowUs;
        // Capped again: because a re-send refreshes the 200 ms window, a lower cap set just after it can
        // be suppressed (the last estimate is within it) while the last announced value, an older and
        // higher cap, is not. Repeating that value would announce more than the cap allows.
        send(nowUs, Math.min(lastSentBps, capBps), liveSsrcs);
        return true;
    }

    /**
     * The earliest time, µs, at which {@link #onTick} could re-send (given live SSRCs), or
     * {@link Long#MAX_VALUE} when it never would: nothing sent yet, or re-sending disabled. Before it,
     * {@code onTick} does nothing, so a caller may skip it until then. Only a REMB going out moves it.
     */
    public long resendDueUs() {
        if (!anySent || resendIntervalUs <= 0) {
            return Long.MAX_VALUE;
        }
        return lastSentUs + resendIntervalUs;
    }

    /** Forgets everything, cap included: the next estimate goes out at once. Allocates nothing. */
    public void reset() {
        estimateSent = false;
        lastEstimateBps = 0;
        throttleStartUs = 0;
        capBps = NO_CAP_BPS;
        anySent = false;
        lastSentBps = 0;
        lastSentUs = 0;
    }

    /** The cap in force, bits per second; {@link #NO_CAP_BPS} when none was set. */
    public long maxDesiredBitrateBps() {
        return capBps;
    }

    /** The re-send interval, µs; 0 or less when re-sending is disabled. */
    public long resendIntervalUs() {
        return resendIntervalUs;
    }

    private void send(final long nowUs, final long bitrateBps, final SsrcSet ssrcs) {
        anySent = true;
        lastSentBps = bitrateBps;
        lastSentUs = nowUs;
        sender.sendRemb(nowUs, bitrateBps, ssrcs);
    }

    /**
     * {@code bitrateBps * 103 / 100 > lastBps} in exact integer arithmetic: libwebrtc's operands are
     * 32-bit so its product cannot overflow, but a Java long can, and a wrapped product would turn a
     * huge rise into a "drop" that skips the throttle.
     */
    static boolean exceedsDropThreshold(final long bitrateBps, final long lastBps) {
        // With p = 103 - 100 = 3 and b >= 0: floor(103 * b / 100) = b + floor(p * b / 100)
        // = b + p * (b / 100) + (p * (b % 100)) / 100, where no term can overflow.
        final long extraPercent = SEND_THRESHOLD_PERCENT - 100;
        final long increaseBps = extraPercent * (bitrateBps / 100) + (extraPercent * (bitrateBps % 100)) / 100;
        if (increaseBps > Long.MAX_VALUE - bitrateBps) {
            return true; // the scaled value exceeds Long.MAX_VALUE, hence any lastBps
        }
        return bitrateBps + increaseBps > lastBps;
    }
}
