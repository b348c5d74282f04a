package dev.bwe.estimator;

/**
 * A read-only, allocation-free view of a set of SSRCs in ascending <em>unsigned</em> order, as
 * libwebrtc lists them in a REMB (the keys of a {@code std::map<uint32_t, ...>}).
 *
 * <p>An SSRC is an unsigned 32-bit value carried in a Java {@code int}; compare with
 * {@link Integer#compareUnsigned(int, int)}. A view is only valid until its owner next changes.
 */
public interface SsrcSet {
    /** Number of SSRCs in the set. */
    int size();

    /** The SSRC at {@code index}, 0 &lt;= index &lt; size(), ascending unsigned. */
    int get(int index);

    /** The empty set. */
    SsrcSet EMPTY = new SsrcSet() {
        @Override
        public int size() {
            return 0;
        }

        @Override
        public int get(final int index) {
            throw new IndexOutOfBoundsException(index);
        }
    };
}
