/**
 * REMB, the RTCP message by which a receiver tells a sender how fast it may send, and the rules for when
 * to send it.
 *
 * <p>Why a package of its own: the estimator computes a number; getting that number to the sender is a
 * separate problem with its own failure modes. The wire format has a history of quiet bugs in other stacks
 * (mantissa bits shifted or masked wrongly, exponents squared, the SSRC list ignored), so
 * {@link dev.bwe.estimator.remb.RembEncoder} and {@link dev.bwe.estimator.remb.RembDecoder} follow
 * libwebrtc's {@code Remb::Create} and {@code Remb::Parse} bit for bit, the decoder included, so that a
 * relay can read what its peers send and tests can check what bwe sends. The mantissa is truncated, never
 * rounded, so a REMB never announces more than the estimate.
 *
 * <p>When to send matters as much as what: a REMB per estimate would flood RTCP and make the sender chase
 * noise, while a delayed drop lets queues build. {@link dev.bwe.estimator.remb.RembScheduler} reproduces
 * libwebrtc's throttle (drops at once, other changes at most every 200 ms, an optional cap) and adds the
 * periodic repeat libwebrtc gets from its RTCP sender, so that one lost REMB does not leave a sender on a
 * stale rate.
 *
 * <p>Everything here runs on a media relay's packet path: flyweights over Agrona buffers, time passed in
 * rather than read from a clock, malformed input reported as an enum instead of an exception, and no
 * allocation once warmed up. None of it is thread-safe; each session owns its own instances.
 */
package dev.bwe.estimator.remb;
