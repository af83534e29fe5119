package io.radstream.volume.series;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The colour of a colour stack: one 8-bit RGB image per slice (row-major, 3 bytes per pixel,
 * palette and YBR conversion already applied), next to the stack's gray {@link Volume}, whose
 * layout stays one 16-bit sample per voxel. Slice k here is slice k of that volume; a slice is
 * filled before the volume marks it ready, so a ready slice always has its colour (or, when its
 * decode failed, none: shown black). On the heap: colour series are small (ultrasound, photos,
 * secondary captures) and the garbage collector frees them with the last reference.
 */
public final class ColorSlices {
    private final int rows;
    private final int columns;
    private final AtomicReferenceArray<byte[]> slices;

    public ColorSlices(int rows, int columns, int slices) {
        this.rows = rows;
        this.columns = columns;
        this.slices = new AtomicReferenceArray<>(slices);
    }

    public int rows() { return rows; }

    public int columns() { return columns; }

    public int slices() { return slices.length(); }

    /** RGB of slice k, or {@code null} when not (or not successfully) decoded. Do not modify. */
    public byte[] rgb(int k) {
        return slices.get(k);
    }

    /** Stores slice k (loaders; before the gray twin marks the slice ready). */
    public void fill(int k, byte[] rgb) {
        if (rgb.length != rows * columns * 3) {
            throw new IllegalArgumentException("slice " + k + " has " + rgb.length + " RGB bytes, expected " + rows * columns * 3);
        }
        slices.set(k, rgb);
    }

    /** Bytes held. */
    public long byteSize() {
        long n = 0;
        for (int k = 0; k < slices.length(); k++) if (slices.get(k) != null) n += slices.get(k).length;
        return n;
    }
}
