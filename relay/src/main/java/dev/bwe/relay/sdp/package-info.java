/**
 * The offer/answer the endpoint needs: what to read from a browser's offer ({@link dev.bwe.relay.sdp.SdpOffer})
 * and the answer template checked against Chromium ({@link dev.bwe.relay.sdp.SdpAnswer}): REMB kept, transport-cc
 * left out, ICE-lite, rtcp-mux, one loopback host candidate.
 */
package dev.bwe.relay.sdp;
