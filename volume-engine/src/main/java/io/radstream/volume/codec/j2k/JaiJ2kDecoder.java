package io.radstream.volume.codec.j2k;

import com.github.jaiimageio.jpeg2000.impl.J2KImageReader;
import io.radstream.volume.codec.FrameDecoder;
import io.radstream.volume.pixel.PixelDataException;
import io.radstream.volume.pixel.PixelDescription;
import jj2000.j2k.util.FacilityManager;
import jj2000.j2k.util.MsgLogger;

import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * JPEG 2000 Part 1 frames in pure Java with jai-imageio-jpeg2000 (JJ2000): the fallback when
 * OpenJPEG is absent or switched off. About 1.5x slower than OpenJPEG on a 512² CT frame
 * (FIELD-NOTES: 43 ms) and unable to read HTJ2K.
 *
 * <p>JJ2000 is built for progressive streams and reports damage as log messages, not exceptions:
 * a truncated codestream decodes to a blurred image with a "codestream truncated" warning. So the
 * header and tile-part lengths are checked first ({@link J2kCodestream}) and, while decoding, the
 * calling thread's JJ2000 logger ({@link FacilityManager#registerMsgLogger}) collects warnings and
 * errors; any of them fails the frame.
 */
public final class JaiJ2kDecoder implements FrameDecoder {

    @Override
    public String name() {
        return "jpeg2000 (jai-imageio JJ2000, pure Java)";
    }

    @Override
    public byte[] decode(byte[] encoded, PixelDescription d) throws PixelDataException {
        J2kCodestream cs = J2kCodestream.parse(encoded);
        cs.requireMatches(d);
        if (cs.highThroughput()) {
            throw new PixelDataException("HTJ2K codestream: jai-imageio reads JPEG 2000 Part 1 only (install "
                    + OpenJpeg.DEBIAN_PACKAGE + ")");
        }
        if (!cs.tilePartCountMismatch().isEmpty()) {
            // JJ2000 trusts TNsot and silently drops the extra tile-parts: a different image
            throw new PixelDataException("jai-imageio cannot decode this JPEG 2000 codestream exactly: "
                    + cs.tilePartCountMismatch() + " (install " + OpenJpeg.DEBIAN_PACKAGE + ")");
        }
        Raster raster = read(encoded, cs);
        int n = cs.components().size();
        if (raster.getWidth() != cs.width() || raster.getHeight() != cs.height() || raster.getNumBands() != n) {
            throw new PixelDataException("jai-imageio decoded " + raster.getWidth() + "x" + raster.getHeight() + "x"
                    + raster.getNumBands() + ", expected " + cs.width() + "x" + cs.height() + "x" + n);
        }
        int[][] planes = new int[n][];
        for (int c = 0; c < n; c++) {
            planes[c] = raster.getSamples(0, 0, cs.width(), cs.height(), c, (int[]) null);
        }
        return J2kSamples.toStoredFrame(planes, cs.components(), d);
    }

    private static Raster read(byte[] encoded, J2kCodestream cs) throws PixelDataException {
        Messages messages = new Messages();
        Thread thread = Thread.currentThread();
        FacilityManager.registerMsgLogger(thread, messages);
        J2KImageReader reader = new J2KImageReader(null);
        try (MemoryCacheImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            reader.setInput(in);
            Raster raster = reader.readRaster(0, null);
            if (!messages.problems.isEmpty()) {
                throw new PixelDataException("jai-imageio JPEG 2000: " + String.join("; ", messages.problems));
            }
            return raster;
        } catch (IOException | RuntimeException e) {
            String logged = messages.problems.isEmpty() ? "" : " (" + String.join("; ", messages.problems) + ")";
            throw new PixelDataException("jai-imageio cannot decode the JPEG 2000 " + (cs.jp2() ? "JP2 file" : "codestream")
                    + ": " + e.getMessage() + logged);
        } finally {
            reader.dispose();
            FacilityManager.unregisterMsgLogger(thread);
        }
    }

    /** JJ2000's per-thread log: warnings and errors are kept, information is dropped. */
    private static final class Messages implements MsgLogger {
        final List<String> problems = new ArrayList<>();

        @Override
        public void printmsg(int severity, String message) {
            if (severity >= MsgLogger.WARNING && problems.size() < 8) problems.add(message.trim());
        }

        @Override
        public void println(String message, int firstLineIndent, int indent) {
            // plain progress text
        }

        @Override
        public void flush() {}
    }
}
