package io.radstream.render.cuda;

/**
 * CUDA C source of the kernels, compiled at start-up by NVRTC for the device's own architecture.
 *
 * <p><b>Parity.</b> The arithmetic is the CPU backend's, operation for operation, in double
 * precision, compiled with {@code --fmad=false} so that no multiply-add is fused (Java never
 * fuses): the native slice reproduces {@code VoiLut.apply} on {@code stored · slope + intercept}
 * with the column/row indices {@code ImageMapping} computed on the CPU; the reformat kernel
 * reproduces {@code CpuMpr}'s regular-grid paths, including their incremental stepping along x
 * from the start of each 32-pixel tile, so the fractional indices are the same doubles.
 */
final class Kernels {
    private Kernels() {}

    static final String NATIVE_SLICE = "nativeSlice";
    static final String MPR = "mprRegular";
    /** MprParams layout: i0 j0 k0, dxi dxj dxk, dyi dyj dyk, dni dnj dnk, center, width. */
    static final int MPR_DOUBLES = 14;
    static final int TILE = 32;

    static final String SOURCE = """
            // Radstream CUDA backend (io.radstream.render.cuda.Kernels)
            __device__ __forceinline__ int voi(double x, double center, double width) {
                double c = center - 0.5, w = width - 1;
                if (x <= c - w / 2) return 0;
                if (x > c + w / 2) return 255;
                double y = ((x - c) / w + 0.5) * 255;
                return (int) fmax(0.0, fmin(255.0, floor(y + 0.5)));
            }

            extern "C" __global__ void nativeSlice(unsigned char* out, int vw, int vh,
                    const int* columnOf, const int* rowOf, const unsigned short* slice, int columns,
                    int isSigned, double slope, double intercept, double center, double width, int invert) {
                int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
                if (x >= vw || y >= vh) return;
                int col = columnOf[x], row = rowOf[y];
                unsigned char g = 0;
                if (col >= 0 && row >= 0) {
                    unsigned short bits = slice[(long long) row * columns + col];
                    int stored = isSigned ? (int) (short) bits : (int) bits;
                    int y8 = voi((double) stored * slope + intercept, center, width);
                    g = (unsigned char) (invert ? 255 - y8 : y8);
                }
                out[(long long) y * vw + x] = g;
            }

            __device__ __forceinline__ int raw(const unsigned short* v, long long i, int isSigned) {
                unsigned short b = v[i];
                return isSigned ? (int) (short) b : (int) b;
            }

            // CpuMpr.Job.thinRows / regularSlabRows; mode 0 MIP, 1 MinIP, 2 average
            extern "C" __global__ void mprRegular(unsigned char* out, int vw, int vh,
                    const unsigned short* vox, int nc, int nr, int ns, int isSigned, int invert,
                    int samples, int mode, const double* slope, const double* intercept, const double* p) {
                int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
                if (x >= vw || y >= vh) return;
                const double i0 = p[0], j0 = p[1], k0 = p[2], ax = p[3], ay = p[4], az = p[5];
                const double dyi = p[6], dyj = p[7], dyk = p[8], ni = p[9], nj = p[10], nk = p[11];
                const double center = p[12], width = p[13];
                const int mi = nc - 2 > 0 ? nc - 2 : 0, mj = nr - 2 > 0 ? nr - 2 : 0, mk = ns - 2 > 0 ? ns - 2 : 0;
                const int ei = nc > 1 ? 1 : 0, ej = nr > 1 ? nc : 0;
                const long long ss = (long long) nc * nr, rs = nc, ek = ns > 1 ? ss : 0;
                int x0 = x & ~31; // the CPU steps along x from the start of its 32-pixel tile
                double pi = i0 + y * dyi + x0 * ax, pj = j0 + y * dyj + x0 * ay, pk = k0 + y * dyk + x0 * az;
                for (int t = x0; t < x; t++) { pi += ax; pj += ay; pk += az; }
                double acc = mode == 0 ? -INFINITY : mode == 1 ? INFINITY : 0.0;
                int hits = 0;
                double fi = pi, fj = pj, fk = pk;
                for (int t = 0; t < samples; t++, fi += ni, fj += nj, fk += nk) {
                    if (!(fi >= 0 && fi <= nc - 1 && fj >= 0 && fj <= nr - 1 && fk >= 0 && fk <= ns - 1)) continue;
                    int i = min((int) fi, mi), j = min((int) fj, mj), k = min((int) fk, mk);
                    double ti = fi - i, tj = fj - j, tk = fk - k;
                    long long a = k * ss + j * rs + i, b = a + ek;
                    int a00 = raw(vox, a, isSigned), a01 = raw(vox, a + ei, isSigned);
                    int a10 = raw(vox, a + ej, isSigned), a11 = raw(vox, a + ej + ei, isSigned);
                    int b00 = raw(vox, b, isSigned), b01 = raw(vox, b + ei, isSigned);
                    int b10 = raw(vox, b + ej, isSigned), b11 = raw(vox, b + ej + ei, isSigned);
                    double top = a00 + ti * (a01 - a00), bottom = a10 + ti * (a11 - a10);
                    double sa = top + tj * (bottom - top);
                    top = b00 + ti * (b01 - b00);
                    bottom = b10 + ti * (b11 - b10);
                    double sb = top + tj * (bottom - top);
                    int k1 = ek == 0 ? k : k + 1;
                    double va = sa * slope[k] + intercept[k], vb = sb * slope[k1] + intercept[k1];
                    double v = va + tk * (vb - va);
                    hits++;
                    if (mode == 0) acc = fmax(acc, v);
                    else if (mode == 1) acc = fmin(acc, v);
                    else acc += v;
                }
                unsigned char g = 0;
                if (hits > 0) {
                    if (mode != 0 && mode != 1) acc /= hits;
                    int y8 = voi(acc, center, width);
                    g = (unsigned char) (invert ? 255 - y8 : y8);
                }
                out[(long long) y * vw + x] = g;
            }
            """;
}
