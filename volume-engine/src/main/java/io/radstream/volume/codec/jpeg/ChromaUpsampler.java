package io.radstream.volume.codec.jpeg;

/**
 * Brings a subsampled component to full size the way IJG's {@code jdsample.c} does with its
 * default "fancy" upsampling, which DCMTK, GDCM and libjpeg-turbo share: for 2:1 horizontal
 * (and 2:1 both ways) each output sample is the triangle-filtered 3/4 nearer + 1/4 farther input
 * sample, with IJG's alternating rounding; edges repeat the outermost sample. Other integral
 * ratios, and components 2 samples wide or less, are replicated. T.81 (A.1.1) leaves upsampling
 * to the application.
 */
final class ChromaUpsampler {
    private ChromaUpsampler() {}

    /**
     * @param in     the component's samples, {@code dw x dh} of them meaningful
     * @param hf     horizontal factor Hmax / Hi
     * @param vf     vertical factor Vmax / Vi
     */
    static Plane upsample(Plane in, int dw, int dh, int hf, int vf, int width, int height) {
        short[] out = new short[width * height];
        if (hf == 2 && vf == 1 && dw > 2) h2v1Fancy(in, dw, out, width, height);
        else if (hf == 2 && vf == 2 && dw > 2) h2v2Fancy(in, dw, dh, out, width, height);
        else replicate(in, hf, vf, out, width, height);
        return new Plane(out, width);
    }

    /** IJG h2v1_fancy_upsample. */
    private static void h2v1Fancy(Plane in, int dw, short[] out, int width, int height) {
        short[] s = in.samples();
        int[] row = new int[2 * dw];
        for (int y = 0; y < height; y++) {
            int r = y * in.stride();
            for (int i = 0; i < dw; i++) {
                int v = (s[r + i] & 0xFFFF) * 3;
                int left = s[r + Math.max(i - 1, 0)] & 0xFFFF;
                int right = s[r + Math.min(i + 1, dw - 1)] & 0xFFFF;
                row[2 * i] = (v + left + 1) >> 2;
                row[2 * i + 1] = (v + right + 2) >> 2;
            }
            for (int x = 0; x < width; x++) out[y * width + x] = (short) row[x];
        }
    }

    /** IJG h2v2_fancy_upsample: vertical 3:1 first, then horizontal 3:1 with rounding 8 and 7. */
    private static void h2v2Fancy(Plane in, int dw, int dh, short[] out, int width, int height) {
        short[] s = in.samples();
        int stride = in.stride();
        int[] colSum = new int[dw];
        int[] row = new int[2 * dw];
        for (int y = 0; y < height; y++) {
            int near = y >> 1;
            int far = (y & 1) == 0 ? Math.max(near - 1, 0) : Math.min(near + 1, dh - 1);
            for (int i = 0; i < dw; i++) {
                colSum[i] = (s[near * stride + i] & 0xFFFF) * 3 + (s[far * stride + i] & 0xFFFF);
            }
            for (int i = 0; i < dw; i++) {
                int v = colSum[i] * 3;
                row[2 * i] = (v + colSum[Math.max(i - 1, 0)] + 8) >> 4;
                row[2 * i + 1] = (v + colSum[Math.min(i + 1, dw - 1)] + 7) >> 4;
            }
            for (int x = 0; x < width; x++) out[y * width + x] = (short) row[x];
        }
    }

    /** IJG int_upsample (and h2v1/h2v2_upsample): each sample repeated hf x vf times. */
    private static void replicate(Plane in, int hf, int vf, short[] out, int width, int height) {
        short[] s = in.samples();
        for (int y = 0; y < height; y++) {
            int r = (y / vf) * in.stride();
            for (int x = 0; x < width; x++) out[y * width + x] = s[r + x / hf];
        }
    }
}
