package io.radstream.volume.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reference values from pydicom (an independent parser) via /usr/bin/python3: tests that use it
 * skip with a clear message where python3 or pydicom is missing.
 */
final class Pydicom {
    static final String PYTHON = "/usr/bin/python3";

    /** Prints, per file, the values the index must hold, and hashes of the pixel bytes / fragments. */
    private static final String REFERENCE_SCRIPT = """
            import sys, json, hashlib, pydicom
            from pydicom.encaps import generate_pixel_data_fragment, get_frame_offsets
            from pydicom.filebase import DicomBytesIO
            from pydicom.multival import MultiValue

            def text(ds, k):
                v = ds.get(k)
                return None if v is None or str(v) == '' else str(v)

            def nums(ds, k):
                v = ds.get(k)
                if v is None or v == '':
                    return []
                return [float(x) for x in (v if isinstance(v, MultiValue) else [v])]

            def integer(ds, k):
                v = ds.get(k)
                return None if v is None or v == '' else int(v)

            sha = lambda b: hashlib.sha256(b).hexdigest()
            out = {}
            for f in sys.argv[1:]:
                ds = pydicom.dcmread(f)
                r = {k: text(ds, k) for k in ['SOPInstanceUID', 'SOPClassUID', 'StudyInstanceUID', 'SeriesInstanceUID',
                     'Modality', 'PatientID', 'PatientName', 'PatientBirthDate', 'PatientSex', 'StudyDate', 'StudyTime',
                     'AccessionNumber', 'StudyDescription', 'SeriesDescription', 'FrameOfReferenceUID',
                     'PhotometricInterpretation']}
                for k in ['Rows', 'Columns', 'SamplesPerPixel', 'BitsAllocated', 'BitsStored', 'HighBit',
                          'PixelRepresentation', 'PlanarConfiguration', 'InstanceNumber', 'SeriesNumber',
                          'NumberOfFrames', 'PixelPaddingValue']:
                    r[k] = integer(ds, k)
                for k in ['ImagePositionPatient', 'ImageOrientationPatient', 'PixelSpacing', 'SliceThickness',
                          'RescaleSlope', 'RescaleIntercept', 'WindowCenter', 'WindowWidth']:
                    r[k] = nums(ds, k)
                r['TransferSyntaxUID'] = str(ds.file_meta.TransferSyntaxUID)
                if 'PixelData' in ds:
                    px = ds.PixelData
                    if ds.file_meta.TransferSyntaxUID.is_compressed:
                        fp = DicomBytesIO(px)
                        fp.is_little_endian = True
                        has_bot, offsets = get_frame_offsets(fp)
                        r['bot_length'] = 4 * len(offsets) if has_bot else 0
                        r['fragments_sha256'] = [sha(x) for x in generate_pixel_data_fragment(fp)]
                    else:
                        r['native_length'] = len(px)
                        r['native_sha256'] = sha(px)
                out[f] = r
            json.dump(out, sys.stdout)
            """;

    private Pydicom() {}

    static void assumeAvailable() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " not found: pydicom cross-checks skipped");
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import pydicom").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            Assumptions.assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0,
                    "pydicom is not importable by " + PYTHON + ": pydicom cross-checks skipped");
        } catch (IOException | InterruptedException e) {
            Assumptions.abort("cannot run " + PYTHON + " (" + e + "): pydicom cross-checks skipped");
        }
    }

    /** pydicom's view of each file, keyed by the file's absolute path. */
    static Map<Path, JsonNode> reference(List<Path> files) throws IOException, InterruptedException {
        assumeAvailable();
        return run(REFERENCE_SCRIPT, files.stream().map(f -> f.toAbsolutePath().toString()).toList())
                .properties().stream()
                .collect(HashMap::new, (m, e) -> m.put(Path.of(e.getKey()), e.getValue()), HashMap::putAll);
    }

    /** Runs a script with arguments and parses its standard output as JSON (null for no output). */
    static JsonNode run(String script, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, "-c", script));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("python script failed (exit " + p.exitValue() + ")");
        }
        return out.isBlank() ? null : new ObjectMapper().readTree(out);
    }
}
