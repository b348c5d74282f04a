package dev.bwe.tools.sim;

/**
 * Parameters of a Gilbert-Elliott two-state loss channel, for losses that come in bursts.
 *
 * <p>The channel is in a Good or a Bad state. For each packet it first moves (Good to Bad with
 * probability {@code p}, Bad to Good with probability {@code r}), then loses the packet with the loss
 * probability of the state it is now in ({@code lossInGood}, {@code lossInBad}). In the long run the
 * channel is Bad a fraction {@code p / (p + r)} of the packets, a Bad period lasts {@code 1 / r} packets
 * on average, and the mean loss rate is {@link #meanLossRate()}. The classic Gilbert model is
 * {@code lossInGood = 0, lossInBad = 1} ({@link #gilbert(double, double)}).
 */
public final class BurstLoss {
    private final double goodToBad;
    private final double badToGood;
    private final double lossInGood;
    private final double lossInBad;

    /**
     * @param goodToBad p, probability per packet of moving from Good to Bad, in [0, 1]
     * @param badToGood r, probability per packet of moving from Bad to Good, in (0, 1]
     * @param lossInGood loss probability in the Good state (1 - k in Elliott's notation), in [0, 1]
     * @param lossInBad loss probability in the Bad state (1 - h), in [0, 1]
     */
    public BurstLoss(final double goodToBad, final double badToGood, final double lossInGood,
                     final double lossInBad) {
        this.goodToBad = probability("goodToBad", goodToBad);
        this.badToGood = probability("badToGood", badToGood);
        if (badToGood == 0) {
            throw new IllegalArgumentException("badToGood must be > 0, or the channel would stay Bad forever");
        }
        this.lossInGood = probability("lossInGood", lossInGood);
        this.lossInBad = probability("lossInBad", lossInBad);
    }

    /**
     * The simple Gilbert channel: every packet in the Bad state is lost, none in the Good state. A mean
     * loss rate {@code L} with mean burst length {@code B} packets is {@code r = 1 / B}, {@code p = r·L / (1 - L)}.
     */
    public static BurstLoss gilbert(final double goodToBad, final double badToGood) {
        return new BurstLoss(goodToBad, badToGood, 0, 1);
    }

    static double probability(final String name, final double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be a probability in [0, 1], was " + value);
        }
        return value;
    }

    public double goodToBad() {
        return goodToBad;
    }

    public double badToGood() {
        return badToGood;
    }

    public double lossInGood() {
        return lossInGood;
    }

    public double lossInBad() {
        return lossInBad;
    }

    /** The long-run fraction of packets lost. */
    public double meanLossRate() {
        final double bad = goodToBad / (goodToBad + badToGood);
        return bad * lossInBad + (1 - bad) * lossInGood;
    }

    @Override
    public String toString() {
        return "GilbertElliott{p=" + goodToBad + ", r=" + badToGood + ", lossGood=" + lossInGood
            + ", lossBad=" + lossInBad + ", mean=" + meanLossRate() + '}';
    }
}
