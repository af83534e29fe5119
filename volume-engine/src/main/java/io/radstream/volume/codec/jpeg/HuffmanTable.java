package io.radstream.volume.codec.jpeg;

/**
 * A Huffman decoding table built from a DHT segment's BITS and HUFFVAL lists: the code
 * generation of T.81 Annex C (C.1 sizes, C.2 codes) with the MINCODE/MAXCODE/VALPTR tables of
 * F.2.2.3, plus a lookup of the first {@link #LOOKAHEAD} bits that resolves most codes at once.
 */
final class HuffmanTable {
    static final int LOOKAHEAD = 9;

    /** Indexed by the next LOOKAHEAD bits: (code length << 8) | value, or 0 for longer codes. */
    final int[] fast = new int[1 << LOOKAHEAD];
    final int[] maxCode = new int[18];
    final int[] minCode = new int[17];
    final int[] valPtr = new int[17];
    final int[] values;

    /**
     * @param counts counts[l] = number of codes of length l, l = 1..16 (index 0 unused)
     * @param values the symbols in order of increasing code length
     */
    HuffmanTable(int[] counts, int[] values, int offset) throws JpegException {
        this.values = values;
        int code = 0;
        int k = 0;
        for (int l = 1; l <= 16; l++) {
            valPtr[l] = k;
            minCode[l] = code;
            for (int i = 0; i < counts[l]; i++, k++, code++) {
                if (code >= 1 << l) {
                    throw new JpegException(offset, "Huffman table has more codes of length " + l + " than fit (T.81 C.2)");
                }
                if (l <= LOOKAHEAD) {
                    int first = code << (LOOKAHEAD - l);
                    int entry = l << 8 | values[k];
                    for (int j = 0; j < 1 << (LOOKAHEAD - l); j++) fast[first + j] = entry;
                }
            }
            maxCode[l] = counts[l] > 0 ? code - 1 : -1;
            // C.2: codes of length l must fit in l bits, and T.81 reserves the all-ones code
            if (code >= 1 << l) {
                throw new JpegException(offset, "Huffman table has more codes of length " + l + " than fit (T.81 C.2)");
            }
            code <<= 1;
        }
        maxCode[17] = Integer.MAX_VALUE; // sentinel: F.2.2.3 stops at 16 bits
    }
}
