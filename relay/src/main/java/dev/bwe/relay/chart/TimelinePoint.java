package dev.bwe.relay.chart;

/**
 * A REMB sent to the browser.
 *
 * @param timeS      seconds since the relay started
 * @param bitrateBps its bitrate
 */
public record TimelinePoint(double timeS, long bitrateBps) {
}
