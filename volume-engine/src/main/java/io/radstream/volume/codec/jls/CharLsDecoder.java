package io.radstream.volume.codec.jls;

import io.radstream.volume.codec.FrameDecoder;
import io.radstream.volume.codec.StoredValues;
import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.pixel.PixelDescription;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * JPEG-LS lossless and near-lossless frames (ISO/IEC 14495-1, PS3.5 §A.4.3) through CharLS and the
 * FFM API, on the calling thread, with a confined arena per frame.
 *
 * <p>The frame header is read first ({@code charls_jpegls_decoder_read_header}) and must describe
 * exactly the DICOM frame (size, components, a sample depth that fits Bits Allocated); only then is
 * the destination allocated, at the size computed here and confirmed by
 * {@code charls_jpegls_decoder_get_destination_size}. CharLS writes samples of 2..8 bits as one
 * byte and 9..16 bits as two (native, little-endian); interleave mode 0 (one scan per component)
 * comes back planar, modes 1 (line) and 2 (sample) pixel-interleaved. JPEG-LS samples are unsigned:
 * signed DICOM data is carried as its two's-complement bits, which the Bits Stored mask and sign
 * extension of {@link StoredValues} restore.
 */
public final class CharLsDecoder implements FrameDecoder {
    private final CharLs lib;

    CharLsDecoder(CharLs lib) {
        this.lib = lib;
    }

    @Override
    public String name() {
        return "jpeg-ls (CharLS " + lib.version + ", native)";
    }

    @Override
    public byte[] decode(byte[] encoded, PixelDescription d) throws PixelDataException {
        if (encoded.length < 4) throw new PixelDataException("JPEG-LS frame of " + encoded.length + " bytes");
        if (!endsWithEndOfImage(encoded)) {
            // measured: CharLS 2.4.1 spends 4-7 s on a truncated 512x512 frame before it reports the damage
            throw new PixelDataException("JPEG-LS frame truncated: it does not end with EOI (FFD9)");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment decoder = MemorySegment.NULL;
            try {
                decoder = (MemorySegment) lib.create.invokeExact();
                if (decoder.address() == 0) throw new PixelDataException("CharLS: charls_jpegls_decoder_create failed");
                MemorySegment source = arena.allocate(encoded.length);
                MemorySegment.copy(encoded, 0, source, JAVA_BYTE, 0, encoded.length);
                check((int) lib.setSourceBuffer.invokeExact(decoder, source, (long) encoded.length), "setting the source");
                check((int) lib.readHeader.invokeExact(decoder), "reading the header");

                MemorySegment info = arena.allocate(CharLs.FRAME_INFO);
                check((int) lib.getFrameInfo.invokeExact(decoder, info), "reading the frame info");
                Frame frame = new Frame(info.get(JAVA_INT, 0), info.get(JAVA_INT, 4), info.get(JAVA_INT, 8),
                        info.get(JAVA_INT, 12));
                frame.requireMatches(d);
                MemorySegment mode = arena.allocate(JAVA_INT);
                check((int) lib.getInterleaveMode.invokeExact(decoder, mode), "reading the interleave mode");
                int interleave = mode.get(JAVA_INT, 0);

                long size = frame.bytes();
                MemorySegment needed = arena.allocate(JAVA_LONG);
                check((int) lib.getDestinationSize.invokeExact(decoder, 0, needed), "sizing the destination");
                if (needed.get(JAVA_LONG, 0) != size) {
                    throw new PixelDataException("CharLS wants " + needed.get(JAVA_LONG, 0) + " bytes for a "
                            + frame + " frame; expected " + size);
                }
                MemorySegment destination = arena.allocate(size, 8);
                check((int) lib.decodeToBuffer.invokeExact(decoder, destination, size, 0), "decoding");
                return StoredValues.frame(samples(destination, frame, interleave), d);
            } catch (PixelDataException e) {
                throw e;
            } catch (Throwable t) {
                throw new PixelDataException("CharLS call failed: " + t);
            } finally {
                if (decoder.address() != 0) {
                    try {
                        lib.destroy.invokeExact(decoder);
                    } catch (Throwable t) {
                        // destroy is noexcept in C; nothing sensible to do
                    }
                }
            }
        }
    }

    /**
     * A JPEG-LS stream ends with EOI (ISO/IEC 14495-1 §C.1.1). One padding byte may follow it in a
     * DICOM fragment (PS3.5 §A.4: 00, and FF from some encoders; DCMTK pads with FF FF D9). FF D9
     * cannot occur inside scan data, where a bit is stuffed after every FF (§A.1), so a stream cut
     * short does not end with it.
     */
    static boolean endsWithEndOfImage(byte[] encoded) {
        int end = encoded.length;
        while (end > 2 && encoded.length - end < 2 && (encoded[end - 1] == 0 || encoded[end - 1] == (byte) 0xFF)) end--;
        return end >= 2 && encoded[end - 2] == (byte) 0xFF && encoded[end - 1] == (byte) 0xD9;
    }

    /** The decoded samples as ints, interleaved (row, column, component). */
    private static int[] samples(MemorySegment buffer, Frame f, int interleave) {
        int pixels = f.width() * f.height();
        int n = f.components();
        int[] out = new int[pixels * n];
        boolean planar = interleave == CharLs.INTERLEAVE_NONE && n > 1;
        if (f.bitsPerSample() <= 8) {
            byte[] raw = buffer.toArray(JAVA_BYTE);
            for (int i = 0; i < out.length; i++) out[target(i, pixels, n, planar)] = raw[i] & 0xFF;
        } else {
            short[] raw = buffer.toArray(JAVA_SHORT);
            for (int i = 0; i < out.length; i++) out[target(i, pixels, n, planar)] = raw[i] & 0xFFFF;
        }
        return out;
    }

    /** Where sample {@code i} of CharLS's buffer goes in the interleaved frame. */
    private static int target(int i, int pixels, int n, boolean planar) {
        return planar ? (i % pixels) * n + i / pixels : i;
    }

    private void check(int errc, String step) throws PixelDataException {
        if (errc != 0) throw new PixelDataException("CharLS " + lib.version + " failed " + step + " of the JPEG-LS frame: "
                + lib.message(errc));
    }

    /** {@code charls_frame_info}, checked against the Image Pixel module. */
    private record Frame(int width, int height, int bitsPerSample, int components) {
        void requireMatches(PixelDescription d) throws PixelDataException {
            if (width != d.columns() || height != d.rows()) {
                throw new PixelDataException("JPEG-LS frame is " + Integer.toUnsignedString(width) + "x"
                        + Integer.toUnsignedString(height) + " but the data set says " + d.columns() + "x" + d.rows());
            }
            if (components != d.samplesPerPixel()) {
                throw new PixelDataException("JPEG-LS frame has " + components + " components but Samples per Pixel is "
                        + d.samplesPerPixel());
            }
            if (bitsPerSample < 2 || bitsPerSample > 16 || bitsPerSample > 8 * d.containerBytes()) {
                throw new PixelDataException("JPEG-LS frame has " + bitsPerSample + "-bit samples but Bits Allocated is "
                        + d.bitsAllocated());
            }
        }

        long bytes() {
            return (long) width * height * components * (bitsPerSample <= 8 ? 1 : 2);
        }

        @Override
        public String toString() {
            return width + "x" + height + "x" + components + " " + bitsPerSample + "-bit";
        }
    }
}
