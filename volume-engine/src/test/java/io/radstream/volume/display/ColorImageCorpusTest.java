package io.radstream.volume.display;

import io.radstream.volume.dicom.DicomFile;
import io.radstream.volume.dicom.DicomReader;
import io.radstream.volume.pixel.FrameReader;
import io.radstream.volume.testdata.Corpus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Colour images of the shared corpus → 8-bit RGB, pixel for pixel against pydicom:
 * {@code apply_color_lut} (16-bit entries {@code >> 8}, 8-bit values in 16-bit words as they are),
 * {@code convert_color_space} YBR_FULL → RGB, RGB wider than 8 bits {@code >> (BitsStored − 8)}.
 */
class ColorImageCorpusTest {
    static final String REFERENCE = """
            import sys, numpy as np, pydicom
            from pydicom.pixel_data_handlers.util import apply_color_lut, convert_color_space
            ds = pydicom.dcmread(sys.argv[1])
            arr = ds.pixel_array
            if int(ds.get('NumberOfFrames', 1) or 1) > 1:
                arr = arr[0]
            pi = ds.PhotometricInterpretation
            if pi == 'PALETTE COLOR':
                rgb = apply_color_lut(arr, ds)
                if rgb.dtype != np.uint8:
                    nominal = ds.RedPaletteColorLookupTableDescriptor[2]
                    rgb = np.minimum(rgb, 255) if nominal <= 8 else rgb >> 8
            elif pi in ('YBR_FULL', 'YBR_FULL_422'):
                # pydicom 2.3 leaves native and RLE YBR as YBR (422 upsampled): convert here
                rgb = convert_color_space(arr, 'YBR_FULL', 'RGB')
            else:
                rgb = arr >> max(0, int(ds.BitsStored) - 8)
            sys.stdout.buffer.write(np.ascontiguousarray(rgb.astype(np.uint8)).tobytes())
            """;

    @ParameterizedTest
    @ValueSource(strings = {
            "cornerstone3D__TestPattern_Palette.dcm",       // 8-bit LUT entries
            "pydicom__examples_palette.dcm",                // 16-bit LUT entries
            // palette, big endian: pydicom 2.3 reads big-endian LUT data and 8-bit OW pixels as little
            // endian, so the reference is its little-endian twin (same image)
            "pydicom-data__OBXXXX1A_expb.dcm|pydicom-data__OBXXXX1A.dcm",
            "pydicom-data__OBXXXX1A_rle.dcm",               // palette, RLE
            "pydicom-data__gdcm-US-ALOKA-16.dcm",           // segmented LUT, 16-bit indices
            "pydicom-data__SC_rgb.dcm",                     // RGB, planar 0
            "pydicom-data__color-pl.dcm",                   // RGB, planar 1
            "pydicom__ExplVR_BigEnd.dcm",                   // RGB, planar 1, big endian
            "pydicom-data__SC_rgb_16bit.dcm",               // RGB, 16 bits
            "pydicom-data__SC_rgb_32bit.dcm",               // RGB, 32 bits
            "pydicom-data__SC_ybr_full_uncompressed.dcm",   // YBR_FULL
            "pydicom__SC_ybr_full_422_uncompressed.dcm",    // YBR_FULL_422
            "orthanc__2023-04-21-RLEPlanarConfigurationYBR_FULL.dcm", // YBR_FULL, RLE
    })
    void matchesPydicom(String nameAndReference) throws Exception {
        String name = nameAndReference.split("\\|")[0];
        String referenceName = nameAndReference.contains("|") ? nameAndReference.split("\\|")[1] : name;
        Path file = Corpus.file(name);
        Assumptions.assumeTrue(file != null && Files.exists(file), "corpus file " + name + " absent (shared/testdata not present)");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "/usr/bin/python3 absent");
        byte[] expected = python(REFERENCE, Corpus.file(referenceName).toString());
        try (DicomFile f = DicomReader.read(file)) {
            FrameReader reader = new FrameReader(f);
            PaletteLut palette = "PALETTE COLOR".equals(reader.description().photometric()) ? PaletteLut.of(f) : null;
            byte[] rgb = ColorImage.toRgb8(reader.frame(0), reader.description(), palette);
            assertEquals(expected.length, rgb.length, "RGB size");
            int columns = reader.description().columns();
            for (int i = 0; i < rgb.length; i++) {
                if (rgb[i] != expected[i]) {
                    int p = i / 3;
                    fail(name + ": pixel (row " + p / columns + ", column " + p % columns + ") channel " + i % 3 + ": got "
                            + (rgb[i] & 0xFF) + ", pydicom " + (expected[i] & 0xFF));
                }
            }
        }
    }

    /** Runs a Python script with /usr/bin/python3 and returns its stdout; skips when pydicom is missing. */
    static byte[] python(String script, String... args) throws Exception {
        Path py = Files.createTempFile("radstream-color", ".py");
        try {
            Files.writeString(py, script, StandardCharsets.UTF_8);
            String[] cmd = new String[args.length + 2];
            cmd[0] = "/usr/bin/python3";
            cmd[1] = py.toString();
            System.arraycopy(args, 0, cmd, 2, args.length);
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.PIPE).start();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            Assumptions.assumeFalse(err.contains("No module named 'pydicom'") || err.contains("No module named 'numpy'"),
                    "pydicom/numpy not installed for /usr/bin/python3");
            assertEquals(0, p.exitValue(), "reference script failed: " + err);
            return out;
        } finally {
            Files.deleteIfExists(py);
        }
    }
}
