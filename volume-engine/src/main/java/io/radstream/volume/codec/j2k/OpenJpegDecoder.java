package io.radstream.volume.codec.j2k;

import io.radstream.volume.codec.FrameDecoder;
import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.pixel.PixelDescription;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * JPEG 2000 Part 1 and HTJ2K frames through OpenJPEG ({@code libopenjp2.so.7}) and the FFM API.
 *
 * <p>Each call decodes on the calling thread ({@code opj_codec_set_threads(codec, 0)}) with a
 * confined arena that is closed, and every OpenJPEG object destroyed, before it returns. The
 * header is checked in Java first ({@link J2kCodestream}): the image size must be the DICOM frame
 * size, so what OpenJPEG allocates is bounded by the frame, and truncated codestreams never reach
 * it. Strict mode ({@code opj_decoder_set_strict_mode}, OpenJPEG 2.5) turns any remaining
 * truncation into an error instead of a partial image. A failed call becomes a
 * {@link PixelDataException} carrying OpenJPEG's own messages.
 */
public final class OpenJpegDecoder implements FrameDecoder {
    private final OpenJpeg lib;
    private final boolean highThroughput;

    OpenJpegDecoder(OpenJpeg lib, boolean highThroughput) {
        this.lib = lib;
        this.highThroughput = highThroughput;
    }

    @Override
    public String name() {
        return (highThroughput ? "htj2k" : "jpeg2000") + " (OpenJPEG " + lib.version + ", native)";
    }

    @Override
    public byte[] decode(byte[] encoded, PixelDescription d) throws PixelDataException {
        J2kCodestream cs = J2kCodestream.parse(encoded);
        cs.requireMatches(d);
        boolean widen = OpenJphSignedWorkaround.applies(cs);
        int[][] planes = decodePlanes(widen ? OpenJphSignedWorkaround.widened(encoded, cs) : encoded, cs);
        if (widen) OpenJphSignedWorkaround.checkRange(planes, cs);
        return J2kSamples.toStoredFrame(planes, cs.components(), d);
    }

    private int[][] decodePlanes(byte[] input, J2kCodestream cs) throws PixelDataException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errors = OpenJpegMessages.allocate(arena);
            MemorySegment warnings = OpenJpegMessages.allocate(arena);
            MemorySegment codec = MemorySegment.NULL, stream = MemorySegment.NULL, image = MemorySegment.NULL;
            try {
                codec = (MemorySegment) lib.createDecompress.invokeExact(cs.jp2() ? OpenJpeg.OPJ_CODEC_JP2 : OpenJpeg.OPJ_CODEC_J2K);
                if (isNull(codec)) throw new PixelDataException("OpenJPEG: opj_create_decompress failed");
                int ok = (int) lib.setErrorHandler.invokeExact(codec, lib.messageFn, errors);
                ok &= (int) lib.setWarningHandler.invokeExact(codec, lib.messageFn, warnings);
                MemorySegment parameters = arena.allocate(OpenJpeg.DPARAMETERS);
                lib.setDefaultDecoderParameters.invokeExact(parameters);
                ok &= (int) lib.setupDecoder.invokeExact(codec, parameters);
                ok &= (int) lib.setStrictMode.invokeExact(codec, 1);
                ok &= (int) lib.setThreads.invokeExact(codec, 0);
                if (ok == 0) throw failure("setting up the decoder", errors, warnings);

                MemorySegment state = OpenJpegMemoryStream.over(input, arena);
                long chunk = Math.min(OpenJpeg.STREAM_CHUNK, Math.max(4096, input.length));
                stream = (MemorySegment) lib.streamCreate.invokeExact(chunk, 1);
                if (isNull(stream)) throw new PixelDataException("OpenJPEG: opj_stream_create failed");
                lib.streamSetReadFunction.invokeExact(stream, lib.readFn);
                lib.streamSetSkipFunction.invokeExact(stream, lib.skipFn);
                lib.streamSetSeekFunction.invokeExact(stream, lib.seekFn);
                lib.streamSetUserData.invokeExact(stream, state, MemorySegment.NULL);
                lib.streamSetUserDataLength.invokeExact(stream, OpenJpegMemoryStream.length(state));

                MemorySegment imageOut = arena.allocate(ADDRESS);
                int headerRead = (int) lib.readHeader.invokeExact(stream, codec, imageOut);
                image = imageOut.get(ADDRESS, 0); // released in finally even when the header failed
                if (headerRead == 0 || isNull(image)) throw failure("reading the header", errors, warnings);
                image = image.reinterpret(OpenJpeg.IMAGE.byteSize());
                int numcomps = image.get(JAVA_INT, OpenJpeg.IMAGE_NUMCOMPS);
                if (numcomps != cs.components().size()) {
                    throw new PixelDataException("OpenJPEG reads " + numcomps + " components where SIZ declares "
                            + cs.components().size() + " (a JP2 palette or channel definition box?)");
                }
                if ((int) lib.decode.invokeExact(codec, stream, image) == 0) throw failure("decoding", errors, warnings);
                if ((int) lib.endDecompress.invokeExact(codec, stream) == 0) throw failure("finishing", errors, warnings);
                return planes(image, numcomps, cs);
            } catch (PixelDataException e) {
                throw e;
            } catch (Throwable t) {
                throw new PixelDataException("OpenJPEG call failed: " + t);
            } finally {
                release(image, stream, codec);
            }
        }
    }

    /** Copies each component's {@code OPJ_INT32 *data} after checking its size against the header. */
    private static int[][] planes(MemorySegment image, int numcomps, J2kCodestream cs) throws PixelDataException {
        long pixels = (long) cs.width() * cs.height();
        MemorySegment comps = image.get(ADDRESS, OpenJpeg.IMAGE_COMPS)
                .reinterpret(numcomps * OpenJpeg.IMAGE_COMP.byteSize());
        int[][] planes = new int[numcomps][];
        for (int c = 0; c < numcomps; c++) {
            MemorySegment comp = comps.asSlice(c * OpenJpeg.IMAGE_COMP.byteSize(), OpenJpeg.IMAGE_COMP);
            long w = Integer.toUnsignedLong(comp.get(JAVA_INT, OpenJpeg.COMP_W));
            long h = Integer.toUnsignedLong(comp.get(JAVA_INT, OpenJpeg.COMP_H));
            J2kCodestream.Component declared = cs.components().get(c);
            int prec = comp.get(JAVA_INT, OpenJpeg.COMP_PREC);
            boolean sgnd = comp.get(JAVA_INT, OpenJpeg.COMP_SGND) != 0;
            if (w != cs.width() || h != cs.height() || comp.get(JAVA_INT, OpenJpeg.COMP_DX) != 1
                    || comp.get(JAVA_INT, OpenJpeg.COMP_DY) != 1) {
                throw new PixelDataException("OpenJPEG decoded component " + c + " as " + w + "x" + h
                        + ", expected " + cs.width() + "x" + cs.height());
            }
            if (sgnd != declared.signed()) {
                throw new PixelDataException("OpenJPEG reports component " + c + (sgnd ? " signed" : " unsigned")
                        + " where SIZ says otherwise (a JP2 box overriding the codestream?)");
            }
            if (prec < 1 || prec > 32) throw new PixelDataException("OpenJPEG reports a precision of " + prec);
            MemorySegment data = comp.get(ADDRESS, OpenJpeg.COMP_DATA);
            if (isNull(data)) throw new PixelDataException("OpenJPEG returned no samples for component " + c);
            planes[c] = data.reinterpret(pixels * Integer.BYTES).toArray(JAVA_INT);
        }
        return planes;
    }

    private void release(MemorySegment image, MemorySegment stream, MemorySegment codec) throws PixelDataException {
        try {
            if (!isNull(image)) lib.imageDestroy.invokeExact(image);
            if (!isNull(stream)) lib.streamDestroy.invokeExact(stream);
            if (!isNull(codec)) lib.destroyCodec.invokeExact(codec);
        } catch (Throwable t) {
            throw new PixelDataException("OpenJPEG clean-up failed: " + t);
        }
    }

    private static boolean isNull(MemorySegment pointer) {
        return pointer.address() == 0;
    }

    private PixelDataException failure(String step, MemorySegment errors, MemorySegment warnings) {
        String reason = OpenJpegMessages.text(errors);
        if (reason.isEmpty()) reason = OpenJpegMessages.text(warnings);
        if (reason.isEmpty()) reason = "no message";
        return new PixelDataException("OpenJPEG " + lib.version + " failed " + step + " the "
                + (highThroughput ? "HTJ2K" : "JPEG 2000") + " codestream: " + reason);
    }
}
