#version 450 core
// MPR plane or slab (MIP / MinIP / AVG): the same arithmetic as CpuMpr, operation for operation, in
// double precision. Per fragment: fractional voxel indices from the affine map of MprSampling
// (evaluated incrementally from the 32-pixel tile's first column, exactly as CpuMpr does), or for a
// sheared / irregular stack from the patient position through the per-slice origins; trilinear
// interpolation of the 8 neighbours fetched with texelFetch (no hardware filtering), each slice's
// rescale applied before blending slices; projection; the VOI of DisplayFunction (LINEAR,
// LINEAR_EXACT, SIGMOID or a VOI LUT's nearest entry); inverted for MONOCHROME1 / Presentation LUT
// Shape INVERSE; black where no sample lies inside the volume. A MinIP slab skips samples touching
// Pixel Padding Value, as CpuMpr does. Output row r of the framebuffer is viewport row r (top-down).
// A slab on the volume's own grid (GridAlignedSlab) is instead projected, then resampled, in two
// draws: per column of voxels the max / min / mean over the slab's planes (texelFetch) into a
// storage buffer, then per pixel bilinear between four stored columns, exactly as the CPU's
// SlabProjection + ProjectedSlab.

// R16UI, one layer per slice. A volume with more slices than the driver's array-layer limit is split
// into consecutive bricks of `layersPerTexture` slices, one texture each (units 0, then 2–8).
layout(binding = 0) uniform usampler2DArray volume;
layout(binding = 2) uniform usampler2DArray volume1;
layout(binding = 3) uniform usampler2DArray volume2;
layout(binding = 4) uniform usampler2DArray volume3;
layout(binding = 5) uniform usampler2DArray volume4;
layout(binding = 6) uniform usampler2DArray volume5;
layout(binding = 7) uniform usampler2DArray volume6;
layout(binding = 8) uniform usampler2DArray volume7;
uniform int layersPerTexture;
// per slice k: [2k] = (rescale slope, rescale intercept, offset along the grid normal from slice 0, 0),
//              [2k+1] = (Image Position (Patient) x, y, z, 0)
layout(std430, binding = 0) readonly buffer Slices { dvec4 sliceData[]; };
// the VOI LUT's entries (voiKind 3 only)
layout(std430, binding = 1) readonly buffer VoiLut { int voiLut[]; };

uniform ivec3 size;          // columns, rows, slices
uniform bool signedValues;   // Pixel Representation 1
uniform int samples;         // slab samples (1: thin plane)
uniform int projection;      // 0 MIP, 1 MinIP, 2 AVG (Mpr.Projection ordinals)
uniform bool regular;        // the stack lies on the nominal grid
uniform int tile;            // CpuMpr's tile width
uniform dvec3 base;          // (i0, j0, k0)
uniform dvec3 dx;            // index step per viewport x
uniform dvec3 dy;            // index step per viewport y
uniform dvec3 dn;            // index step per slab sample
// sheared / irregular stacks
uniform dvec3 topLeft, stepX, stepY, normal; // MprMapping, plane normal
uniform double slabStart, slabStep;
uniform dvec3 rowDir, colDir, gridNormal;    // the nominal grid's directions
uniform dvec3 spacing;                       // column spacing, row spacing, slice spacing
uniform int voiKind;         // DisplayFunction.Kind ordinal: 0 LINEAR, 1 LINEAR_EXACT, 2 SIGMOID, 3 TABLE
uniform double center;       // window centre
uniform double width;        // window width
uniform int lutFirst;        // TABLE: input mapped to entry 0
uniform int lutEntries;      // TABLE: number of entries
uniform double lutMax;       // TABLE: 2^bits − 1
uniform bool invert;         // MONOCHROME1 xor Presentation LUT Shape INVERSE
uniform bool hasPadding;     // MinIP with a Pixel Padding Value: skip samples touching it
uniform int padding;         // the padding stored value (signed per signedValues)
// grid-aligned slab (GridAlignedSlab): reduce voxel planes per column, then bilinear between columns
uniform bool gridSlab;
uniform int slabAxis, uAxis, vAxis; // grid axes: 0 = i, 1 = j, 2 = k
uniform int planeFirst, planeLast;  // planes reduced (inclusive); none when first > last
uniform int nu, nv;                 // the projection's size along uAxis, vAxis
uniform dvec3 uMap, vMap;           // u = uMap.x + x·uMap.y + y·uMap.z, likewise v
uniform bool rawReduce;             // one rescale along the column: reduce stored values, rescale once
uniform int gridStage;              // 1: this fragment is voxel column (x, y): reduce it into `projected`;
                                    // 2: this fragment is a viewport pixel: resample `projected`
// the slab's projection, projected[v * nu + u]; NaN marks a padding-only MinIP column
layout(std430, binding = 2) buffer Projection { double projected[]; };

out vec4 gray;

int raw(int i, int j, int k) {
    // samplers in an array may only be indexed uniformly across a draw, and k varies per fragment
    int t = k / layersPerTexture;
    ivec3 p = ivec3(i, j, k - t * layersPerTexture);
    uint stored;
    if (t == 0) stored = texelFetch(volume, p, 0).r;
    else if (t == 1) stored = texelFetch(volume1, p, 0).r;
    else if (t == 2) stored = texelFetch(volume2, p, 0).r;
    else if (t == 3) stored = texelFetch(volume3, p, 0).r;
    else if (t == 4) stored = texelFetch(volume4, p, 0).r;
    else if (t == 5) stored = texelFetch(volume5, p, 0).r;
    else if (t == 6) stored = texelFetch(volume6, p, 0).r;
    else stored = texelFetch(volume7, p, 0).r;
    int bits = int(stored);
    return signedValues && bits >= 32768 ? bits - 65536 : bits;
}

bool touchesPadding(double fi, double fj, double fk) {
    int i = min(int(fi), max(0, size.x - 2));
    int j = min(int(fj), max(0, size.y - 2));
    int k = min(int(fk), max(0, size.z - 2));
    int ei = size.x > 1 ? 1 : 0, ej = size.y > 1 ? 1 : 0, ek = size.z > 1 ? 1 : 0;
    return raw(i, j, k) == padding || raw(i + ei, j, k) == padding || raw(i, j + ej, k) == padding
        || raw(i + ei, j + ej, k) == padding || raw(i, j, k + ek) == padding || raw(i + ei, j, k + ek) == padding
        || raw(i, j + ej, k + ek) == padding || raw(i + ei, j + ej, k + ek) == padding;
}

// Trilinear modality value at (fi, fj, fk); the caller has checked it lies inside.
double trilinear(double fi, double fj, double fk) {
    int i = min(int(fi), max(0, size.x - 2));
    int j = min(int(fj), max(0, size.y - 2));
    int k = min(int(fk), max(0, size.z - 2));
    int ei = size.x > 1 ? 1 : 0, ej = size.y > 1 ? 1 : 0, ek = size.z > 1 ? 1 : 0;
    precise double ti = fi - double(i), tj = fj - double(j), tk = fk - double(k);
    int a00 = raw(i, j, k), a01 = raw(i + ei, j, k), a10 = raw(i, j + ej, k), a11 = raw(i + ei, j + ej, k);
    int b00 = raw(i, j, k + ek), b01 = raw(i + ei, j, k + ek), b10 = raw(i, j + ej, k + ek), b11 = raw(i + ei, j + ej, k + ek);
    precise double top = double(a00) + ti * double(a01 - a00);
    precise double bottom = double(a10) + ti * double(a11 - a10);
    precise double sa = top + tj * (bottom - top);
    precise double top2 = double(b00) + ti * double(b01 - b00);
    precise double bottom2 = double(b10) + ti * double(b11 - b10);
    precise double sb = top2 + tj * (bottom2 - top2);
    dvec4 ra = sliceData[2 * k], rb = sliceData[2 * (k + ek)];
    precise double va = sa * ra.x + ra.y;
    precise double vb = sb * rb.x + rb.y;
    precise double v = va + tk * (vb - va);
    return v;
}

bool inside(double fi, double fj, double fk) {
    return fi >= 0.0LF && fi <= double(size.x - 1) && fj >= 0.0LF && fj <= double(size.y - 1)
        && fk >= 0.0LF && fk <= double(size.z - 1);
}

// CpuMpr.Job.indexOf: fractional index of slab sample t of pixel (x, y) in a sheared or irregular stack.
dvec3 indexOf(int x, int y, int t) {
    precise double a = slabStart + double(t) * slabStep;
    precise double px = topLeft.x + double(x) * stepX.x + double(y) * stepY.x + a * normal.x;
    precise double py = topLeft.y + double(x) * stepX.y + double(y) * stepY.y + a * normal.y;
    precise double pz = topLeft.z + double(x) * stepX.z + double(y) * stepY.z + a * normal.z;
    dvec3 o0 = sliceData[1].xyz;
    precise double d = (px - o0.x) * gridNormal.x + (py - o0.y) * gridNormal.y + (pz - o0.z) * gridNormal.z;
    precise double k, ox, oy, oz;
    int n = size.z;
    if (n == 1) {
        k = d / spacing.z;
        ox = o0.x + d * gridNormal.x;
        oy = o0.y + d * gridNormal.y;
        oz = o0.z + d * gridNormal.z;
    } else {
        int lo = 0, hi = n - 1;
        if (d >= sliceData[2 * (n - 1)].z) lo = n - 2;
        else if (d > sliceData[0].z) {
            while (hi - lo > 1) {
                int mid = (lo + hi) >> 1;
                if (sliceData[2 * mid].z <= d) lo = mid;
                else hi = mid;
            }
        }
        double off0 = sliceData[2 * lo].z, off1 = sliceData[2 * (lo + 1)].z;
        precise double f = (d - off0) / (off1 - off0);
        k = double(lo) + f;
        dvec3 p0 = sliceData[2 * lo + 1].xyz, p1 = sliceData[2 * (lo + 1) + 1].xyz;
        ox = p0.x + f * (p1.x - p0.x);
        oy = p0.y + f * (p1.y - p0.y);
        oz = p0.z + f * (p1.z - p0.z);
    }
    precise double fi = ((px - ox) * rowDir.x + (py - oy) * rowDir.y + (pz - oz) * rowDir.z) / spacing.x;
    precise double fj = ((px - ox) * colDir.x + (py - oy) * colDir.y + (pz - oz) * colDir.z) / spacing.y;
    return dvec3(fi, fj, k);
}

int eight(double f) {
    return int(floor(clamp(f, 0.0LF, 1.0LF) * 255.0LF + 0.5LF));
}

int voi(double x) {
    if (voiKind == 0) { // LINEAR (PS3.3 C.11.2.1.2.1)
        precise double c = center - 0.5LF;
        precise double w = width - 1.0LF;
        if (x <= c - w / 2.0LF) return 0;
        if (x > c + w / 2.0LF) return 255;
        precise double v = ((x - c) / w + 0.5LF) * 255.0LF;
        return clamp(int(floor(v + 0.5LF)), 0, 255);
    }
    if (voiKind == 1) { // LINEAR_EXACT (C.11.2.1.3.2)
        if (x <= center - width / 2.0LF) return 0;
        if (x > center + width / 2.0LF) return 255;
        precise double f = (x - center) / width + 0.5LF;
        return eight(f);
    }
    if (voiKind == 2) { // SIGMOID (C.11.2.1.3.1); GLSL has no double exp: float, within a gray level
        float e = exp(float(-4.0LF * (x - center) / width));
        return eight(1.0LF / (1.0LF + double(e)));
    }
    // TABLE: the nearest entry, clamped to the first / last (C.11.2.1.1)
    int i = int(floor(x + 0.5LF)) - lutFirst;
    i = clamp(i, 0, lutEntries - 1);
    return eight(double(voiLut[i]) / lutMax);
}

// SlabProjection: the column at in-plane grid indices (iu, iv) reduced over the slab's planes; empty
// when a MinIP column holds padding only. Same operations as the CPU's, in the same order.
double column(int iu, int iv, out bool empty) {
    ivec3 at = ivec3(0);
    at[uAxis] = iu;
    at[vAxis] = iv;
    at[slabAxis] = planeFirst;
    int planes = planeLast - planeFirst + 1;
    empty = false;
    if (rawReduce) {
        dvec4 rs = sliceData[2 * at.z]; // the column's one rescale
        bool takeMax = (projection == 0) == (rs.x >= 0.0LF); // a negative slope swaps max and min
        int acc = takeMax ? -2147483647 : 2147483647, sum = 0;
        bool any = false;
        for (int p = planeFirst; p <= planeLast; p++) {
            at[slabAxis] = p;
            int r = raw(at.x, at.y, at.z);
            if (hasPadding && r == padding) continue;
            any = true;
            if (projection == 2) sum += r;
            else acc = takeMax ? max(acc, r) : min(acc, r);
        }
        if (!any) {
            empty = true;
            return 0.0LF;
        }
        precise double v = projection == 2 ? double(sum) / double(planes) * rs.x + rs.y : double(acc) * rs.x + rs.y;
        return v;
    }
    // an axial slab whose planes differ in rescale: reduce modality values
    precise double acc = projection == 0 ? packDouble2x32(uvec2(0u, 0xFFF00000u))
        : projection == 1 ? packDouble2x32(uvec2(0u, 0x7FF00000u)) : 0.0LF;
    int hits = 0;
    for (int p = planeFirst; p <= planeLast; p++) {
        at[slabAxis] = p;
        int r = raw(at.x, at.y, at.z);
        if (hasPadding && r == padding) continue;
        dvec4 rs = sliceData[2 * at.z];
        precise double m = double(r) * rs.x + rs.y;
        hits++;
        if (projection == 0) acc = max(acc, m);
        else if (projection == 1) acc = min(acc, m);
        else acc += m;
    }
    if (hits == 0) {
        empty = true;
        return 0.0LF;
    }
    if (projection == 2) acc /= double(planes);
    return acc;
}

// the marker stage 1 writes for a padding-only column, compared bit for bit (isnan may be optimised away)
bool emptyColumn(double p) {
    uvec2 b = unpackDouble2x32(p);
    return b.x == 0u && b.y == 0x7FF80000u;
}

// ProjectedSlab: bilinear between the four neighbouring columns of the pixel centre, then the VOI.
void gridSlabPixel(int x, int y) {
    precise double u = uMap.x + double(x) * uMap.y + double(y) * uMap.z;
    precise double v = vMap.x + double(x) * vMap.y + double(y) * vMap.z;
    if (planeFirst > planeLast || !(u >= 0.0LF && u <= double(nu - 1) && v >= 0.0LF && v <= double(nv - 1))) {
        gray = vec4(0.0, 0.0, 0.0, 1.0);
        return;
    }
    int i = min(int(u), max(0, nu - 2)), j = min(int(v), max(0, nv - 2));
    int eu = nu > 1 ? 1 : 0, ev = nv > 1 ? 1 : 0;
    precise double tu = u - double(i), tv = v - double(j);
    int a = j * nu + i;
    double p00 = projected[a], p01 = projected[a + eu];
    double p10 = projected[a + ev * nu], p11 = projected[a + ev * nu + eu];
    if (emptyColumn(p00) || emptyColumn(p01) || emptyColumn(p10) || emptyColumn(p11)) { // touches an empty (padding-only) MinIP column
        gray = vec4(0.0, 0.0, 0.0, 1.0);
        return;
    }
    precise double top = p00 + tu * (p01 - p00);
    precise double bottom = p10 + tu * (p11 - p10);
    precise double value = top + tv * (bottom - top);
    int g8 = voi(value);
    if (invert) g8 = 255 - g8;
    gray = vec4(float(g8) / 255.0, 0.0, 0.0, 1.0);
}

void main() {
    int x = int(gl_FragCoord.x), y = int(gl_FragCoord.y);
    if (gridSlab && gridStage == 1) {
        bool empty;
        double c = column(x, y, empty);
        projected[y * nu + x] = empty ? packDouble2x32(uvec2(0u, 0x7FF80000u)) : c;
        gray = vec4(0.0);
        return;
    }
    if (gridSlab) {
        gridSlabPixel(x, y);
        return;
    }
    precise double acc = projection == 0 ? packDouble2x32(uvec2(0u, 0xFFF00000u)) // −∞
        : projection == 1 ? packDouble2x32(uvec2(0u, 0x7FF00000u)) : 0.0LF; // +∞
    int hits = 0;
    if (regular && hasPadding && samples > 1) {
        // CpuMpr.slabRows on a regular grid: index from the pixel directly, padding skipped
        precise double fi0 = base.x + double(x) * dx.x + double(y) * dy.x;
        precise double fj0 = base.y + double(x) * dx.y + double(y) * dy.y;
        precise double fk0 = base.z + double(x) * dx.z + double(y) * dy.z;
        for (int t = 0; t < samples; t++) {
            precise double fi = fi0 + double(t) * dn.x, fj = fj0 + double(t) * dn.y, fk = fk0 + double(t) * dn.z;
            if (!inside(fi, fj, fk) || touchesPadding(fi, fj, fk)) continue;
            double v = trilinear(fi, fj, fk);
            hits++;
            acc = min(acc, v); // hasPadding is set for MinIP only
        }
    } else if (regular) {
        // CpuMpr.thinRows / regularSlabRows: start of the tile row, then one addition per pixel
        int x0 = (x / tile) * tile;
        precise double fi = base.x + double(y) * dy.x + double(x0) * dx.x;
        precise double fj = base.y + double(y) * dy.y + double(x0) * dx.y;
        precise double fk = base.z + double(y) * dy.z + double(x0) * dx.z;
        for (int c = x0; c < x; c++) {
            fi += dx.x;
            fj += dx.y;
            fk += dx.z;
        }
        for (int t = 0; t < samples; t++) {
            if (inside(fi, fj, fk)) {
                double v = trilinear(fi, fj, fk);
                hits++;
                if (projection == 0) acc = max(acc, v);
                else if (projection == 1) acc = min(acc, v);
                else acc += v;
            }
            fi += dn.x;
            fj += dn.y;
            fk += dn.z;
        }
    } else {
        // CpuMpr.slabRows with indexOf
        for (int t = 0; t < samples; t++) {
            dvec3 f = indexOf(x, y, t);
            if (!inside(f.x, f.y, f.z)) continue;
            if (hasPadding && touchesPadding(f.x, f.y, f.z)) continue;
            double v = trilinear(f.x, f.y, f.z);
            hits++;
            if (projection == 0) acc = max(acc, v);
            else if (projection == 1) acc = min(acc, v);
            else acc += v;
        }
    }
    if (hits == 0) { // nothing inside: black, whatever the photometric interpretation
        gray = vec4(0.0, 0.0, 0.0, 1.0);
        return;
    }
    // a thin plane's single sample is its value whatever the projection (acc + v = v for AVG, too)
    if (projection == 2) acc /= double(hits);
    int g8 = voi(acc);
    if (invert) g8 = 255 - g8;
    gray = vec4(float(g8) / 255.0, 0.0, 0.0, 1.0);
}
