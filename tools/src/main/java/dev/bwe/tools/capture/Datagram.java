package dev.bwe.tools.capture;

/**
 * One UDP datagram from a capture file.
 *
 * @param timestampUs capture time, µs since the epoch (the capture's clock)
 * @param sourceIp source address as text
 * @param sourcePort source UDP port
 * @param destinationIp destination address as text
 * @param destinationPort destination UDP port
 * @param payload the UDP payload (an RTP packet, for instance)
 */
public record Datagram(long timestampUs, String sourceIp, int sourcePort, String destinationIp,
                       int destinationPort, byte[] payload) {

    /** The 5-tuple (UDP implied) that names a flow: {@code src:port>dst:port}. */
    public String flow() {
        return sourceIp + ":" + sourcePort + ">" + destinationIp + ":" + destinationPort;
    }
}
