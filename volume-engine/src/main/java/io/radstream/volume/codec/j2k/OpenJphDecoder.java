package io.radstream.volume.codec.j2k;

import io.radstream.volume.codec.FrameDecoder;
import io.radstream.volume.codec.StoredValues;
import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.pixel.PixelDescription;

import java.util.Arrays;

/**
 * HTJ2K frames through OpenJPH ({@link OpenJphShim}), about twice as fast as OpenJPEG's HT block
 * decoder on the same codestreams (docs/benchmarks.md; choice in docs/decisions.md). OpenJPH takes
 * the common case: a bare reversible (lossless) codestream with full-resolution components.
 * Everything else goes to {@code fallback} (OpenJPEG), which has handled it so far: Part 1
 * codestreams (no HT block coder: an HTJ2K decoder must decode them, ISO/IEC 15444-15, and OpenJPH
 * refuses them with "Rsiz bit 14 not set"), JP2 files,
 * irreversible streams (OpenJPH returns their samples as floats, rounded differently from other
 * decoders), sub-sampled components, tiles whose tile-part counts disagree with their SOT, and
 * signed streams of OpenJPH before 0.10 ({@link OpenJphSignedWorkaround}).
 */
final class OpenJphDecoder implements FrameDecoder {
    private final OpenJphShim shim;
    private final FrameDecoder fallback;

    OpenJphDecoder(OpenJphShim shim, FrameDecoder fallback) {
        this.shim = shim;
        this.fallback = fallback;
    }

    @Override
    public String name() {
        return "htj2k (OpenJPH " + shim.version + ", native; otherwise " + fallback.name() + ")";
    }

    @Override
    public byte[] decode(byte[] encoded, PixelDescription d) throws PixelDataException {
        J2kCodestream cs = J2kCodestream.parse(encoded);
        cs.requireMatches(d);
        if (!takes(cs)) return fallback.decode(encoded, d);
        int n = cs.components().size();
        int pixels = Math.multiplyExact(cs.width(), cs.height());
        int frameBytes = StoredValues.frameBytes(d); // refuse frames no heap can hold before allocating
        if (n == 1 && d.samplesPerPixel() == 1 && d.containerBytes() == 2 && d.bitsStored() <= 16
                && frameBytes == 2 * pixels) {
            // grayscale in 16 bits (CT, MR, MG, DBT): OpenJPH writes the frame itself, no int[] between
            byte[] frame = new byte[frameBytes];
            int rc = shim.decode16(encoded, cs.width(), cs.height(), cs.components().getFirst(), d.bitsStored(),
                    d.signed(), frame);
            if (rc == OpenJphShim.OK) return frame;
            if (rc == OpenJphShim.UNSUPPORTED) return fallback.decode(encoded, d);
            throw failure();
        }
        int[] samples = new int[Math.multiplyExact(pixels, n)];
        int rc = shim.decode(encoded, cs.width(), cs.height(), n, samples);
        if (rc == OpenJphShim.UNSUPPORTED) return fallback.decode(encoded, d);
        if (rc != OpenJphShim.OK) throw failure();
        int[][] planes = new int[n][];
        if (n == 1) planes[0] = samples;
        else for (int c = 0; c < n; c++) planes[c] = Arrays.copyOfRange(samples, c * pixels, (c + 1) * pixels);
        return J2kSamples.toStoredFrame(planes, cs.components(), d);
    }

    private PixelDataException failure() {
        return new PixelDataException("OpenJPH " + shim.version + " failed decoding the HTJ2K codestream: " + shim.lastError());
    }

    private static boolean takes(J2kCodestream cs) throws PixelDataException {
        if (!cs.highThroughput() || cs.jp2() || !cs.reversible() || !cs.tilePartCountMismatch().isEmpty()) return false;
        for (J2kCodestream.Component c : cs.components()) {
            if (c.dx() != 1 || c.dy() != 1 || c.precision() > 30) return false;
        }
        return !OpenJphSignedWorkaround.applies(cs);
    }
}
