package io.radstream.volume.pixel;

import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomParseException;
import io.radstream.volume.dicom.DicomReader;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code radstream pixels} prints for one file: the pixel module and a SHA-256 of every decoded
 * frame, hashed by the corpus convention (stored values, see {@link NativeFrameDecoder}), or an
 * error with file, offset and reason. One bad file never stops the others.
 */
public final class PixelsReport {
    private PixelsReport() {}

    /** Returns the JSON object (as an ordered map) for a file; never throws for bad input. */
    public static Map<String, Object> of(Path file) {
        return report(file.toString(), () -> DicomReader.read(file));
    }

    /** The same report for bytes in memory, named {@code name} (the fuzz and mutation tests use this). */
    public static Map<String, Object> of(String name, byte[] bytes) {
        return report(name, () -> DicomReader.read(bytes));
    }

    @FunctionalInterface
    private interface Opener {
        DicomFile open() throws IOException, DicomParseException;
    }

    private static Map<String, Object> report(String name, Opener opener) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", name);
        try (DicomFile dicom = opener.open()) {
            out.put("transferSyntax", dicom.transferSyntax().uid());
            FrameReader reader = new FrameReader(dicom);
            PixelDescription d = reader.description();
            out.put("rows", d.rows());
            out.put("columns", d.columns());
            out.put("frames", d.frames());
            out.put("samplesPerPixel", d.samplesPerPixel());
            out.put("bitsAllocated", d.bitsAllocated());
            out.put("bitsStored", d.bitsStored());
            out.put("pixelRepresentation", d.signed() ? 1 : 0);
            out.put("photometric", d.photometric());
            // not presized: Number of Frames is whatever the file claims (2147483647 made this an
            // OutOfMemoryError before the first frame was checked; found by CorpusMutationTest)
            List<String> hashes = new ArrayList<>();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < d.frames(); i++) {
                hashes.add(HexFormat.of().formatHex(sha.digest(reader.frame(i))));
            }
            out.put("frameSha256", hashes);
        } catch (DicomParseException e) {
            error(out, e.offset(), e.reason());
        } catch (PixelDataException e) {
            error(out, e.offset(), e.getMessage());
        } catch (IOException e) {
            error(out, -1, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        } catch (RuntimeException e) {
            // a parser bug must not take down a batch; report it like any other bad file
            error(out, -1, "internal error: " + e);
        }
        return out;
    }

    private static void error(Map<String, Object> out, long offset, String reason) {
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("file", out.get("file"));
        err.put("offset", offset);
        err.put("reason", reason);
        out.put("error", err);
    }
}
