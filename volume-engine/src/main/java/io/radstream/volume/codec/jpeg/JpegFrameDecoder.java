package io.radstream.volume.codec.jpeg;

/** Decodes the scans of one frame (lossless or DCT) into component planes. */
sealed interface JpegFrameDecoder permits LosslessFrameDecoder, DctFrameDecoder {

    /**
     * Decodes one scan whose entropy-coded data starts at {@code pos}; returns the position of the
     * marker that follows it.
     */
    int decodeScan(ScanHeader scan, JpegTables tables, byte[] data, int pos) throws JpegException;

    /** The samples of every component, full size, after the last scan. */
    Plane[] planes() throws JpegException;

    /** Left shift that restores each component's samples (the lossless point transform, T.81 H.1.2.1). */
    int pointTransform(int component);
}
