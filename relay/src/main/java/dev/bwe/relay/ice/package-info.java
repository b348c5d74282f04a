/**
 * The STUN half of an ICE-lite agent: reading and writing STUN messages (RFC 5389), MESSAGE-INTEGRITY and
 * FINGERPRINT, and a responder that answers Binding requests signed with our ICE password. Checked against
 * RFC 5769's test vectors.
 */
package dev.bwe.relay.ice;
