package io.radstream.render.gl;

import io.radstream.volume.series.Volume;

import java.lang.ref.WeakReference;

import static org.lwjgl.opengl.GL45C.*;

/**
 * One volume on the GPU: its 16-bit stored values as R16UI 2D array textures (one layer per slice;
 * several textures when the volume has more slices than GL_MAX_ARRAY_TEXTURE_LAYERS). Integer
 * textures keep every stored value exact (R16_SNORM would lose −32768) and are read with
 * {@code texelFetch}, so there is no filtering to differ from the CPU.
 *
 * <p>Storage is allocated once; slices are uploaded when first used and again if they were not yet
 * decoded then (progressive loading). Context thread only. Holds the volume weakly: the cache
 * frees the textures once the volume is released or collected.
 */
final class VolumeTextures implements AutoCloseable {
    private static final byte EMPTY = 0, PROVISIONAL = 1, FINAL = 2;

    final WeakReference<Volume> volume;
    private final int[] textures;
    private final int layersPerTexture;
    private final byte[] uploaded; // per slice: EMPTY, PROVISIONAL (uploaded before it was decoded), FINAL
    final long bytes;

    VolumeTextures(Volume v, int maxLayers, int maxSize) {
        if (v.columns() > maxSize || v.rows() > maxSize) {
            throw new UnsupportedOperationException("GL backend: a " + v.columns() + "×" + v.rows()
                    + " slice exceeds GL_MAX_TEXTURE_SIZE " + maxSize);
        }
        this.volume = new WeakReference<>(v);
        this.layersPerTexture = maxLayers;
        int count = (v.slices() + maxLayers - 1) / maxLayers;
        this.textures = new int[count];
        glCreateTextures(GL_TEXTURE_2D_ARRAY, textures);
        for (int t = 0; t < count; t++) {
            int layers = Math.min(maxLayers, v.slices() - t * maxLayers);
            glTextureStorage3D(textures[t], 1, GL_R16UI, v.columns(), v.rows(), layers);
            glTextureParameteri(textures[t], GL_TEXTURE_MIN_FILTER, GL_NEAREST);
            glTextureParameteri(textures[t], GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        }
        this.uploaded = new byte[v.slices()];
        this.bytes = (long) v.columns() * v.rows() * v.slices() * 2;
        uploadReadySlices(v);
    }

    /** Uploads every decoded slice not yet final, in runs of consecutive slices. */
    private void uploadReadySlices(Volume v) {
        int k = 0;
        while (k < v.slices()) {
            if (uploaded[k] == FINAL || !v.isSliceReady(k)) {
                k++;
                continue;
            }
            int end = k + 1;
            int texEnd = (k / layersPerTexture + 1) * layersPerTexture;
            while (end < v.slices() && end < texEnd && uploaded[end] != FINAL && v.isSliceReady(end)) end++;
            upload(v, k, end - k, FINAL);
            k = end;
        }
    }

    /** Makes slice k current on the GPU; returns the texture, and the layer within it via {@link #layer}. */
    int prepare(Volume v, int k) {
        if (uploaded[k] != FINAL) {
            boolean ready = v.isSliceReady(k);
            if (ready || uploaded[k] == EMPTY) upload(v, k, 1, ready ? FINAL : PROVISIONAL);
        }
        return textures[k / layersPerTexture];
    }

    /**
     * Makes every slice current (for reformats, which sample all of them): decoded slices in runs,
     * and slices not yet decoded provisionally, as {@link #prepare} does for one.
     */
    void prepareAll(Volume v) {
        uploadReadySlices(v);
        for (int k = 0; k < uploaded.length; k++) if (uploaded[k] == EMPTY) upload(v, k, 1, PROVISIONAL);
    }

    /** Texture {@code t}: slices {@code t·layersPerTexture()} onwards. */
    int texture(int t) {
        return textures[t];
    }

    int textureCount() {
        return textures.length;
    }

    int layersPerTexture() {
        return layersPerTexture;
    }

    int layer(int k) {
        return k % layersPerTexture;
    }

    private void upload(Volume v, int first, int count, byte state) {
        long sliceBytes = (long) v.columns() * v.rows() * 2;
        // the caller retains the volume while rendering, so the segment is alive
        long address = v.voxels().address() + first * sliceBytes;
        glPixelStorei(GL_UNPACK_ALIGNMENT, 2);
        nglTextureSubImage3D(textures[first / layersPerTexture], 0, 0, 0, first % layersPerTexture,
                v.columns(), v.rows(), count, GL_RED_INTEGER, GL_UNSIGNED_SHORT, address);
        for (int k = first; k < first + count; k++) uploaded[k] = state;
    }

    @Override
    public void close() {
        glDeleteTextures(textures);
    }
}
