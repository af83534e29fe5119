package io.radstream.volume.codec.jpeg;

/**
 * The 8x8 inverse DCT (T.81 A.3.3) in the integer form of IJG's {@code jidctint.c} ("islow", the
 * Loeffler-Ligtenberg-Moschytz algorithm with 13-bit constants), which libjpeg, libjpeg-turbo,
 * DCMTK and GDCM all use by default. T.81 leaves the IDCT's rounding to the implementation
 * (A.3.3, Annex K.8 tolerances); this one matches those decoders bit for bit.
 *
 * <p>Pass 1 transforms columns scaled up by 2^PASS1_BITS (2 for 8-bit, 1 for 12-bit samples, so
 * that 32-bit arithmetic does not overflow); pass 2 transforms rows, removes the scaling, adds the
 * level shift 2^(P-1) (T.81 A.3.1) and clamps through IJG's wrapping range-limit table.
 */
final class InverseDct {
    private static final int CONST_BITS = 13;
    private static final int FIX_0_298631336 = 2446;
    private static final int FIX_0_390180644 = 3196;
    private static final int FIX_0_541196100 = 4433;
    private static final int FIX_0_765366865 = 6270;
    private static final int FIX_0_899976223 = 7373;
    private static final int FIX_1_175875602 = 9633;
    private static final int FIX_1_501321110 = 12299;
    private static final int FIX_1_847759065 = 15137;
    private static final int FIX_1_961570560 = 16069;
    private static final int FIX_2_053119869 = 16819;
    private static final int FIX_2_562915447 = 20995;
    private static final int FIX_3_072711026 = 25172;

    private final int pass1Bits;
    private final short[] rangeLimit;
    private final int rangeMask;
    private final int[] ws = new int[64];

    /** @param precision 8 or 12 bits */
    InverseDct(int precision) {
        this.pass1Bits = precision == 8 ? 2 : 1;
        this.rangeLimit = rangeLimitTable(precision);
        this.rangeMask = rangeLimit.length - 1;
    }

    /**
     * IJG's post-IDCT range limit ({@code prepare_range_limit_table}), indexed by the descaled
     * value masked to 4*(MAX+1)-1: [-C, C) maps to value + C, [C, 2*(MAX+1)) to MAX, and the rest
     * (possible only for corrupt data) wraps to 0 as in IJG.
     */
    private static short[] rangeLimitTable(int precision) {
        int m = 1 << precision;
        int center = m / 2;
        short[] t = new short[4 * m];
        for (int i = 0; i < t.length; i++) {
            int v;
            if (i < center) v = i + center;
            else if (i < 2 * m) v = m - 1;
            else if (i < 4 * m - center) v = 0;
            else v = i - (4 * m - center);
            t[i] = (short) v;
        }
        return t;
    }

    /** Dequantizes and transforms the block at {@code coef[co..co+63]} into 8x8 samples at {@code out[oo]}. */
    void transform(short[] coef, int co, int[] q, short[] out, int oo, int stride) {
        int[] w = ws;
        int sh1 = CONST_BITS - pass1Bits;
        int round1 = 1 << (sh1 - 1);
        for (int col = 0; col < 8; col++) {
            int c = co + col;
            if (coef[c + 8] == 0 && coef[c + 16] == 0 && coef[c + 24] == 0 && coef[c + 32] == 0
                    && coef[c + 40] == 0 && coef[c + 48] == 0 && coef[c + 56] == 0) {
                int dc = (coef[c] * q[col]) << pass1Bits;
                for (int r = 0; r < 64; r += 8) w[r + col] = dc;
                continue;
            }
            // even part
            int z2 = coef[c + 16] * q[col + 16];
            int z3 = coef[c + 48] * q[col + 48];
            int z1 = (z2 + z3) * FIX_0_541196100;
            int tmp2 = z1 + z3 * -FIX_1_847759065;
            int tmp3 = z1 + z2 * FIX_0_765366865;
            z2 = coef[c] * q[col];
            z3 = coef[c + 32] * q[col + 32];
            int tmp0 = (z2 + z3) << CONST_BITS;
            int tmp1 = (z2 - z3) << CONST_BITS;
            int tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3, tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;
            // odd part
            tmp0 = coef[c + 56] * q[col + 56];
            tmp1 = coef[c + 40] * q[col + 40];
            tmp2 = coef[c + 24] * q[col + 24];
            tmp3 = coef[c + 8] * q[col + 8];
            z1 = tmp0 + tmp3;
            z2 = tmp1 + tmp2;
            z3 = tmp0 + tmp2;
            int z4 = tmp1 + tmp3;
            int z5 = (z3 + z4) * FIX_1_175875602;
            tmp0 *= FIX_0_298631336;
            tmp1 *= FIX_2_053119869;
            tmp2 *= FIX_3_072711026;
            tmp3 *= FIX_1_501321110;
            z1 *= -FIX_0_899976223;
            z2 *= -FIX_2_562915447;
            z3 = z3 * -FIX_1_961570560 + z5;
            z4 = z4 * -FIX_0_390180644 + z5;
            tmp0 += z1 + z3;
            tmp1 += z2 + z4;
            tmp2 += z2 + z3;
            tmp3 += z1 + z4;
            w[col] = (tmp10 + tmp3 + round1) >> sh1;
            w[col + 56] = (tmp10 - tmp3 + round1) >> sh1;
            w[col + 8] = (tmp11 + tmp2 + round1) >> sh1;
            w[col + 48] = (tmp11 - tmp2 + round1) >> sh1;
            w[col + 16] = (tmp12 + tmp1 + round1) >> sh1;
            w[col + 40] = (tmp12 - tmp1 + round1) >> sh1;
            w[col + 24] = (tmp13 + tmp0 + round1) >> sh1;
            w[col + 32] = (tmp13 - tmp0 + round1) >> sh1;
        }
        short[] range = rangeLimit;
        int mask = rangeMask;
        int shDc = pass1Bits + 3;
        int roundDc = 1 << (shDc - 1);
        int sh2 = CONST_BITS + pass1Bits + 3;
        int round2 = 1 << (sh2 - 1);
        for (int row = 0; row < 64; row += 8) {
            int o = oo + (row >> 3) * stride;
            if (w[row + 1] == 0 && w[row + 2] == 0 && w[row + 3] == 0 && w[row + 4] == 0
                    && w[row + 5] == 0 && w[row + 6] == 0 && w[row + 7] == 0) {
                short v = range[((w[row] + roundDc) >> shDc) & mask];
                for (int k = 0; k < 8; k++) out[o + k] = v;
                continue;
            }
            int z2 = w[row + 2];
            int z3 = w[row + 6];
            int z1 = (z2 + z3) * FIX_0_541196100;
            int tmp2 = z1 + z3 * -FIX_1_847759065;
            int tmp3 = z1 + z2 * FIX_0_765366865;
            int tmp0 = (w[row] + w[row + 4]) << CONST_BITS;
            int tmp1 = (w[row] - w[row + 4]) << CONST_BITS;
            int tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3, tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;
            tmp0 = w[row + 7];
            tmp1 = w[row + 5];
            tmp2 = w[row + 3];
            tmp3 = w[row + 1];
            z1 = tmp0 + tmp3;
            z2 = tmp1 + tmp2;
            z3 = tmp0 + tmp2;
            int z4 = tmp1 + tmp3;
            int z5 = (z3 + z4) * FIX_1_175875602;
            tmp0 *= FIX_0_298631336;
            tmp1 *= FIX_2_053119869;
            tmp2 *= FIX_3_072711026;
            tmp3 *= FIX_1_501321110;
            z1 *= -FIX_0_899976223;
            z2 *= -FIX_2_562915447;
            z3 = z3 * -FIX_1_961570560 + z5;
            z4 = z4 * -FIX_0_390180644 + z5;
            tmp0 += z1 + z3;
            tmp1 += z2 + z4;
            tmp2 += z2 + z3;
            tmp3 += z1 + z4;
            out[o] = range[((tmp10 + tmp3 + round2) >> sh2) & mask];
            out[o + 7] = range[((tmp10 - tmp3 + round2) >> sh2) & mask];
            out[o + 1] = range[((tmp11 + tmp2 + round2) >> sh2) & mask];
            out[o + 6] = range[((tmp11 - tmp2 + round2) >> sh2) & mask];
            out[o + 2] = range[((tmp12 + tmp1 + round2) >> sh2) & mask];
            out[o + 5] = range[((tmp12 - tmp1 + round2) >> sh2) & mask];
            out[o + 3] = range[((tmp13 + tmp0 + round2) >> sh2) & mask];
            out[o + 4] = range[((tmp13 - tmp0 + round2) >> sh2) & mask];
        }
    }
}
