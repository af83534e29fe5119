package io.radstream.render.cuda;

/**
 * CUDA C source of the kernels, compiled at start-up by NVRTC for the device's own architecture.
 *
 * <p><b>Parity.</b> The arithmetic is the CPU backend's, operation for operation, in double
 * precision, compiled with {@code --fmad=false} so that no multiply-add is fused (Java never
 * fuses): the native slice reproduces {@code VoiLut.apply} on {@code stored · slope + intercept}
 * with the column/row indices {@code ImageMapping} computed on the CPU; the reformat kernel
 * reproduces {@code CpuMpr}'s regular-grid paths, including their incremental stepping along x
 * from the start of each 32-pixel tile, so the fractional indices are the same doubles. The
 * grid-aligned slab kernels reproduce {@code SlabProjection} (per column of voxels across the
 * slab's planes, the stored extreme or integer sum rescaled once, or modality values where the
 * rescale changes along the slab) and {@code ProjectedSlab} (direct, not incremental, bilinear
 * resampling of that projection).
 */
final class Kernels {
    private Kernels() {}

    static final String NATIVE_SLICE = "nativeSlice";
    static final String MPR = "mprRegular";
    static final String MPR_GENERAL = "mprGeneral";
    /**
     * GeneralParams layout: topLeft, stepX, stepY, normal, row dir, column dir, grid normal (3 each),
     * column/row/slice spacing, slabStart, slabStep, then the display's center width lutMax.
     */
    static final int GENERAL_DOUBLES = 29;
    static final String SLAB_PROJECT = "slabProject";
    static final String SLAB_RESAMPLE = "slabResample";
    /** ResampleParams layout: u0 ux uy, v0 vx vy, then the display's center width lutMax. */
    static final int RESAMPLE_DOUBLES = 9;
    /** Display ints: kind invert lutFirst lutEntries. */
    static final int DISPLAY_INTS = 4;
    /** MprParams layout: i0 j0 k0, dxi dxj dxk, dyi dyj dyk, dni dnj dnk, then the display's center width lutMax. */
    static final int MPR_DOUBLES = 15;
    static final int TILE = 32;

    static final String SOURCE = """
            // Radstream CUDA backend (io.radstream.render.cuda.Kernels)
            // NVRTC has no math.h: infinity from its IEEE bits
            #define RS_INF __longlong_as_double(0x7ff0000000000000LL)
            __device__ __forceinline__ int voi(double x, double center, double width) {
                double c = center - 0.5, w = width - 1;
                if (x <= c - w / 2) return 0;
                if (x > c + w / 2) return 255;
                double y = ((x - c) / w + 0.5) * 255;
                return (int) fmax(0.0, fmin(255.0, floor(y + 0.5)));
            }

            // eight bits of a fraction, as DisplayFunction.eight
            __device__ __forceinline__ int eight(double f) {
                return (int) floor(fmax(0.0, fmin(1.0, f)) * 255 + 0.5);
            }

            // DisplayFunction.gray: kind 0 LINEAR, 1 LINEAR_EXACT, 2 SIGMOID, 3 TABLE (a VOI LUT)
            struct Display {
                int kind, invert, lutFirst, lutEntries;
                double center, width, lutMax;
                const int* lut;
            };

            __device__ int gray(double x, const Display& d) {
                int y;
                if (d.kind == 0) y = voi(x, d.center, d.width);
                else if (d.kind == 1) {
                    if (x <= d.center - d.width / 2) y = 0;
                    else if (x > d.center + d.width / 2) y = 255;
                    else y = eight((x - d.center) / d.width + 0.5);
                } else if (d.kind == 2) {
                    y = eight(1 / (1 + exp(-4 * (x - d.center) / d.width)));
                } else {
                    int i = (int) floor(x + 0.5) - d.lutFirst;
                    i = i < 0 ? 0 : min(i, d.lutEntries - 1);
                    y = eight(d.lut[i] / d.lutMax);
                }
                return d.invert ? 255 - y : y;
            }

            // display params: kind invert lutFirst lutEntries (ints), center width lutMax (doubles), lut
            __device__ __forceinline__ Display display(const int* di, const double* dd, const int* lut) {
                Display d;
                d.kind = di[0]; d.invert = di[1]; d.lutFirst = di[2]; d.lutEntries = di[3];
                d.center = dd[0]; d.width = dd[1]; d.lutMax = dd[2];
                d.lut = lut;
                return d;
            }

            // the slice's display table (DisplayTables.table: modality, VOI, inversion) by stored bits
            extern "C" __global__ void nativeSlice(unsigned char* out, int vw, int vh,
                    const int* columnOf, const int* rowOf, const unsigned short* slice, int columns,
                    const unsigned char* table) {
                int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
                if (x >= vw || y >= vh) return;
                int col = columnOf[x], row = rowOf[y];
                unsigned char g = 0;
                if (col >= 0 && row >= 0) g = table[slice[(long long) row * columns + col]];
                out[(long long) y * vw + x] = g;
            }

            __device__ __forceinline__ int raw(const unsigned short* v, long long i, int isSigned) {
                unsigned short b = v[i];
                return isSigned ? (int) (short) b : (int) b;
            }

            // CpuMpr.Job.sample: trilinear modality value at a fractional index, false outside or on padding
            __device__ bool sampleAt(const unsigned short* vox, int nc, int nr, int ns, int isSigned,
                    const double* slope, const double* intercept, int hasPadding, int padding,
                    double fi, double fj, double fk, double* out) {
                if (!(fi >= 0 && fi <= nc - 1 && fj >= 0 && fj <= nr - 1 && fk >= 0 && fk <= ns - 1)) return false;
                const int mi = nc - 2 > 0 ? nc - 2 : 0, mj = nr - 2 > 0 ? nr - 2 : 0, mk = ns - 2 > 0 ? ns - 2 : 0;
                const int ei = nc > 1 ? 1 : 0, ej = nr > 1 ? nc : 0;
                const long long ss = (long long) nc * nr, ek = ns > 1 ? ss : 0;
                int i = min((int) fi, mi), j = min((int) fj, mj), k = min((int) fk, mk);
                double ti = fi - i, tj = fj - j, tk = fk - k;
                long long a = k * ss + (long long) j * nc + i, b = a + ek;
                int a00 = raw(vox, a, isSigned), a01 = raw(vox, a + ei, isSigned);
                int a10 = raw(vox, a + ej, isSigned), a11 = raw(vox, a + ej + ei, isSigned);
                int b00 = raw(vox, b, isSigned), b01 = raw(vox, b + ei, isSigned);
                int b10 = raw(vox, b + ej, isSigned), b11 = raw(vox, b + ej + ei, isSigned);
                if (hasPadding && (a00 == padding || a01 == padding || a10 == padding || a11 == padding
                        || b00 == padding || b01 == padding || b10 == padding || b11 == padding)) return false;
                double top = a00 + ti * (a01 - a00), bottom = a10 + ti * (a11 - a10);
                double sa = top + tj * (bottom - top);
                top = b00 + ti * (b01 - b00);
                bottom = b10 + ti * (b11 - b10);
                double sb = top + tj * (bottom - top);
                int k1 = ek == 0 ? k : k + 1;
                double va = sa * slope[k] + intercept[k], vb = sb * slope[k1] + intercept[k1];
                *out = va + tk * (vb - va);
                return true;
            }

            // a slab's running projection (mode 0 MIP, 1 MinIP, 2 average), as CpuMpr's loops
            __device__ __forceinline__ void accumulate(double& acc, double v, int mode) {
                if (mode == 0) acc = fmax(acc, v);
                else if (mode == 1) acc = fmin(acc, v);
                else acc += v;
            }

            // the pixel: black where no sample lay inside the volume, else the (averaged) value's gray
            __device__ __forceinline__ unsigned char finish(double acc, int hits, int mode, const Display& d) {
                if (hits == 0) return 0;
                if (mode == 2) acc /= hits;
                return (unsigned char) gray(acc, d);
            }

            // CpuMpr.Job.thinRows / regularSlabRows, and slabRows for a MinIP with padding;
            // mode 0 MIP, 1 MinIP, 2 average
            extern "C" __global__ void mprRegular(unsigned char* out, int vw, int vh,
                    const unsigned short* vox, int nc, int nr, int ns, int isSigned,
                    int samples, int mode, const double* slope, const double* intercept, const double* p,
                    const int* di, const int* lut, int hasPadding, int padding) {
                int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
                if (x >= vw || y >= vh) return;
                const double i0 = p[0], j0 = p[1], k0 = p[2], ax = p[3], ay = p[4], az = p[5];
                const double dyi = p[6], dyj = p[7], dyk = p[8], ni = p[9], nj = p[10], nk = p[11];
                const Display d = display(di, p + 12, lut);
                const bool skipPadding = hasPadding && samples > 1;
                double pi, pj, pk;
                if (skipPadding) {
                    // slabRows: direct positions, x before y
                    pi = i0 + x * ax + y * dyi; pj = j0 + x * ay + y * dyj; pk = k0 + x * az + y * dyk;
                } else {
                    int x0 = x & ~31; // the CPU steps along x from the start of its 32-pixel tile
                    pi = i0 + y * dyi + x0 * ax; pj = j0 + y * dyj + x0 * ay; pk = k0 + y * dyk + x0 * az;
                    for (int t = x0; t < x; t++) { pi += ax; pj += ay; pk += az; }
                }
                double acc = mode == 0 ? -RS_INF : mode == 1 ? RS_INF : 0.0;
                int hits = 0;
                double fi = pi, fj = pj, fk = pk;
                for (int t = 0; t < samples; t++, fi += ni, fj += nj, fk += nk) {
                    if (skipPadding) { fi = pi + t * ni; fj = pj + t * nj; fk = pk + t * nk; }
                    double v;
                    if (!sampleAt(vox, nc, nr, ns, isSigned, slope, intercept, skipPadding, padding, fi, fj, fk, &v)) continue;
                    hits++;
                    accumulate(acc, v, mode);
                }
                out[(long long) y * vw + x] = finish(acc, hits, mode, d);
            }

            // CpuMpr.Job.slabRows + indexOf: sheared or irregular stacks, each sample placed through the
            // slices' recorded origins (offsets along the grid normal, origins 3 doubles a slice)
            extern "C" __global__ void mprGeneral(unsigned char* out, int vw, int vh,
                    const unsigned short* vox, int nc, int nr, int ns, int isSigned,
                    int samples, int mode, const double* slope, const double* intercept, const double* q,
                    const double* offsets, const double* origins, const int* di, const int* lut,
                    int hasPadding, int padding) {
                int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
                if (x >= vw || y >= vh) return;
                const Display d = display(di, q + 26, lut);
                double acc = mode == 0 ? -RS_INF : mode == 1 ? RS_INF : 0.0;
                int hits = 0;
                for (int t = 0; t < samples; t++) {
                    double a = q[24] + t * q[25];
                    double px = q[0] + x * q[3] + y * q[6] + a * q[9];
                    double py = q[1] + x * q[4] + y * q[7] + a * q[10];
                    double pz = q[2] + x * q[5] + y * q[8] + a * q[11];
                    const double* o0 = origins;
                    double dd = (px - o0[0]) * q[18] + (py - o0[1]) * q[19] + (pz - o0[2]) * q[20];
                    double k, ox, oy, oz;
                    if (ns == 1) {
                        k = dd / q[23];
                        ox = o0[0] + dd * q[18];
                        oy = o0[1] + dd * q[19];
                        oz = o0[2] + dd * q[20];
                    } else {
                        int lo = 0, hi = ns - 1;
                        if (dd >= offsets[ns - 1]) lo = ns - 2;
                        else if (dd > offsets[0]) {
                            while (hi - lo > 1) {
                                int mid = (int) ((unsigned int) (lo + hi) >> 1);
                                if (offsets[mid] <= dd) lo = mid;
                                else hi = mid;
                            }
                        }
                        double f = (dd - offsets[lo]) / (offsets[lo + 1] - offsets[lo]);
                        k = lo + f;
                        const double* p0 = origins + 3 * lo;
                        const double* p1 = origins + 3 * (lo + 1);
                        ox = p0[0] + f * (p1[0] - p0[0]);
                        oy = p0[1] + f * (p1[1] - p0[1]);
                        oz = p0[2] + f * (p1[2] - p0[2]);
                    }
                    double fi = ((px - ox) * q[12] + (py - oy) * q[13] + (pz - oz) * q[14]) / q[21];
                    double fj = ((px - ox) * q[15] + (py - oy) * q[16] + (pz - oz) * q[17]) / q[22];
                    double v;
                    if (!sampleAt(vox, nc, nr, ns, isSigned, slope, intercept, hasPadding, padding, fi, fj, k, &v)) continue;
                    hits++;
                    accumulate(acc, v, mode);
                }
                out[(long long) y * vw + x] = finish(acc, hits, mode, d);
            }

            // SlabProjection: axis 0 (i): u = j, v = k; axis 1 (j): u = i, v = k; axis 2 (k): u = i, v = j.
            // mode 0 MIP, 1 MinIP, 2 average; padding (MinIP only) compares the voxel's 16 bits;
            // modality != 0: an axial slab whose planes differ in rescale, reduced in modality values
            extern "C" __global__ void slabProject(double* out, const unsigned short* vox, int nc, int nr,
                    int axis, int first, int last, int nu, int nv, int isSigned, int mode,
                    int hasPadding, int padding, int modality, const double* slope, const double* intercept) {
                int u = blockIdx.x * blockDim.x + threadIdx.x, v = blockIdx.y * blockDim.y + threadIdx.y;
                if (u >= nu || v >= nv) return;
                const long long ss = (long long) nc * nr;
                long long base, step;
                if (axis == 0) { base = v * ss + (long long) u * nc; step = 1; }
                else if (axis == 1) { base = v * ss + u; step = nc; }
                else { base = (long long) v * nc + u; step = ss; }
                const unsigned short pad = (unsigned short) padding;
                const int planes = last - first + 1;
                double result;
                if (modality) {
                    double acc = mode == 0 ? -RS_INF : mode == 1 ? RS_INF : 0.0;
                    int hits = 0;
                    for (int p = first; p <= last; p++) {
                        unsigned short b = vox[base + p * step];
                        if (hasPadding && b == pad) continue;
                        int stored = isSigned ? (int) (short) b : (int) b;
                        double m = (double) stored * slope[p] + intercept[p];
                        hits++;
                        if (mode == 0) acc = fmax(acc, m);
                        else if (mode == 1) acc = fmin(acc, m);
                        else acc += m;
                    }
                    result = mode == 2 ? acc / planes : acc;
                    if (hasPadding && hits == 0) result = __longlong_as_double(0x7ff8000000000000LL);
                } else {
                    // one rescale per column: the column's slice (axes i, j), the slab's first (axis k)
                    int k = axis == 2 ? first : v;
                    double s = slope[k], c = intercept[k];
                    // a negative slope swaps max and min of modality values
                    int op = mode == 2 ? 2 : ((mode == 0) == (s >= 0) ? 0 : 1);
                    int best = op == 0 ? -2147483647 - 1 : 2147483647;
                    long long sum = 0;
                    int hits = 0;
                    for (int p = first; p <= last; p++) {
                        unsigned short b = vox[base + p * step];
                        if (hasPadding && b == pad) continue;
                        int stored = isSigned ? (int) (short) b : (int) b;
                        hits++;
                        if (op == 0) best = max(best, stored);
                        else if (op == 1) best = min(best, stored);
                        else sum += stored;
                    }
                    if (op == 2) result = (double) sum / planes * s + c;
                    else if (hasPadding && hits == 0) result = __longlong_as_double(0x7ff8000000000000LL);
                    else result = (double) best * s + c;
                }
                out[(long long) v * nu + u] = result;
            }

            // ProjectedSlab.rows: bilinear in the projection, black outside it or next to an empty column
            extern "C" __global__ void slabResample(unsigned char* out, int vw, int vh, const double* proj,
                    int nu, int nv, const double* p, const int* di, const int* lut) {
                int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
                if (x >= vw || y >= vh) return;
                const double u = p[0] + x * p[1] + y * p[2], v = p[3] + x * p[4] + y * p[5];
                unsigned char g = 0;
                if (u >= 0 && u <= nu - 1 && v >= 0 && v <= nv - 1) {
                    const int mu = nu - 2 > 0 ? nu - 2 : 0, mv = nv - 2 > 0 ? nv - 2 : 0;
                    const int eu = nu > 1 ? 1 : 0, ev = nv > 1 ? nu : 0;
                    int i = min((int) u, mu), j = min((int) v, mv);
                    double tu = u - i, tv = v - j;
                    long long a = (long long) j * nu + i;
                    double p00 = proj[a], p01 = proj[a + eu], p10 = proj[a + ev], p11 = proj[a + ev + eu];
                    double top = p00 + tu * (p01 - p00), bottom = p10 + tu * (p11 - p10);
                    double value = top + tv * (bottom - top);
                    if (value == value) g = (unsigned char) gray(value, display(di, p + 6, lut));
                }
                out[(long long) y * vw + x] = g;
            }
            """;
}
