package io.radstream.volume.store;

import io.radstream.volume.dicom.UID;

import java.util.Set;

/**
 * Which stored objects get a fast-open form at import: the rule is pure (index values in, yes or no
 * out) so that it can be tested and changed in one place.
 *
 * <p>A fast-open form is worth its disk space when decoding a frame costs more than reading it
 * raw would. JPEG 2000 (Part 1 and Part 2, lossless and lossy) decodes at about 11 MB/s with
 * OpenJPEG (docs/benchmarks.md): a 2457 x 1890 16-bit DBT frame takes 0.4-0.8 s. The threshold is
 * {@value #MIN_FRAME_BYTES} decoded bytes per frame (256 x 256 at 16 bits): at 11 MB/s that is
 * about 12 ms, the point from which decode time starts to show next to a raw read (a few ms); below
 * it the original decodes fast enough and a second copy would only cost disk.
 *
 * <p>Only monochrome 8- and 16-bit objects qualify: their decoded stored values have exactly the
 * layout of native little-endian pixel data (PS3.5 §8.1), so the fast form is read back with the
 * native reader unchanged. Other transfer syntaxes (JPEG-LS, RLE, HTJ2K, baseline JPEG) decode fast
 * enough, or are left for later.
 */
public final class FastOpenRule {
    /** Decoded bytes per frame from which a slow codec gets a fast-open form. */
    public static final long MIN_FRAME_BYTES = 256 * 256 * 2;

    /** Transfer syntaxes whose decode is slow enough to be worth a fast-open form. */
    static final Set<String> SLOW = Set.of(UID.JPEG2000Lossless, UID.JPEG2000, UID.JPEG2000MCLossless, UID.JPEG2000MC);

    private FastOpenRule() {}

    /** Whether an indexed instance gets a fast-open form at import. */
    public static boolean applies(InstanceRecord r) {
        return applies(r.transferSyntaxUid(), r.rows(), r.columns(), r.samplesPerPixel(), r.bitsAllocated(), r.deflated());
    }

    public static boolean applies(String transferSyntaxUid, int rows, int columns, int samplesPerPixel,
                                  int bitsAllocated, boolean deflated) {
        if (deflated || !SLOW.contains(transferSyntaxUid)) return false;
        if (samplesPerPixel != 1 || (bitsAllocated != 8 && bitsAllocated != 16)) return false;
        return (long) rows * columns * (bitsAllocated / 8) >= MIN_FRAME_BYTES;
    }
}
