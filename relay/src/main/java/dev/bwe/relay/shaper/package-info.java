/**
 * A bottleneck on loopback without root or netem: a capacity schedule ({@link dev.bwe.relay.shaper.RateSchedule},
 * e.g. {@code 2.5mbps@0s,300kbps@10s}), the token-bucket and drop-tail arithmetic
 * ({@link dev.bwe.relay.shaper.Bottleneck}), and the UDP relay that applies it
 * ({@link dev.bwe.relay.shaper.UdpShaper}).
 */
package dev.bwe.relay.shaper;
