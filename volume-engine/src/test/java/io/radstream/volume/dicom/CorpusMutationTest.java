package io.radstream.volume.dicom;

import com.fasterxml.jackson.databind.JsonNode;
import io.radstream.volume.pixel.PixelsReport;
import io.radstream.volume.testdata.Corpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import io.radstream.volume.store.ImportError;
import io.radstream.volume.store.ImportReport;
import io.radstream.volume.store.Importer;
import io.radstream.volume.store.StudyIndex;
import io.radstream.volume.store.StudyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Bad input, systematically: a deterministic sample of real corpus files covering every transfer
 * syntax in the corpus (the two smallest files of each), each damaged in the ways broken archives
 * and hostile senders damage files — truncation at many points, random bytes flipped in the header
 * and in the pixel data, element and fragment lengths set to bogus values (0xFFFFFFF0, undefined,
 * odd, beyond the end of the file, zero), wrong VR codes, sequences nested thousands deep, and an
 * Image Pixel module that lies (huge or zero Rows/Columns, odd Bits Allocated, many frames).
 *
 * <p>Every mutant goes through {@link DicomReader} and {@link PixelsReport} (which decodes every
 * frame) with a 10 s timeout. Accepted: pixels, or one error naming the file and a reason. A hang,
 * an {@link Error} (OutOfMemoryError above all), an exception escaping the report, or a report of
 * "internal error" (a RuntimeException inside the parser or a decoder: a bug) fails the test,
 * listing every offending mutant.
 */
class CorpusMutationTest {
    private static final Duration PER_MUTANT = Duration.ofSeconds(10);
    private static final int FILES_PER_SYNTAX = 2;
    /** Multi-frame encapsulated files: with and without a Basic Offset Table. */
    private static final List<String> EXTRA = List.of("pydicom__SC_rgb_rle_2frame.dcm", "pydicom__rtdose_rle.dcm",
            "pydicom-data__emri_small_jpeg_ls_lossless.dcm");

    /** One damaged copy of a corpus file. */
    record Mutant(String name, byte[] bytes) {}

    @Test
    void mutantsGiveOneClearErrorOrPixelsNeverABug() throws Exception {
        List<Path> sample = sample();
        List<String> failures = new ArrayList<>();
        Map<String, Integer> reasons = new TreeMap<>();
        int mutants = 0, decoded = 0;
        long t0 = System.nanoTime();
        for (Path file : sample) {
            for (Mutant m : mutants(file)) {
                mutants++;
                String problem;
                Map<String, Object> report = null;
                try {
                    report = assertTimeoutPreemptively(PER_MUTANT, () -> PixelsReport.of(m.name(), m.bytes()));
                    problem = judge(m, report);
                } catch (Throwable t) {
                    problem = "threw " + t;
                }
                if (problem != null) {
                    failures.add(m.name() + ": " + problem);
                } else if (report.containsKey("error")) {
                    String reason = String.valueOf(((Map<?, ?>) report.get("error")).get("reason"));
                    reasons.merge(reason.replaceAll("[0-9]+", "#").replaceAll("\\(.*", "").trim(), 1, Integer::sum);
                } else {
                    decoded++;
                }
            }
        }
        System.out.printf("mutation test: %d files, %d mutants in %.1f s; %d decoded, %d rejected, %d failures; "
                        + "%d distinct reasons%n", sample.size(), mutants, (System.nanoTime() - t0) / 1e9,
                decoded, mutants - decoded - failures.size(), failures.size(), reasons.size());
        if (Boolean.getBoolean("mutation.verbose")) reasons.forEach((r, k) -> System.out.println(k + "\t" + r));
        if (!failures.isEmpty()) {
            fail(failures.size() + " mutants exposed a bug:\n  " + String.join("\n  ",
                    failures.subList(0, Math.min(60, failures.size()))));
        }
    }

    /**
     * A folder of valid corpus files and damaged copies of them (one truncated, one with a bogus
     * length, one nested too deep per file, each rejected by the reader): the import takes every
     * file the originals alone give, and reports exactly one error, with an offset and a reason, per
     * damaged file. Nothing is lost and nothing aborts the batch.
     */
    @Test
    void importTakesTheValidFilesAndReportsOneErrorPerBadFile(@TempDir Path tmp) throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("in"));
        List<Path> sample = sample();
        for (Path f : sample) Files.copy(f, folder.resolve(f.getFileName()));
        ImportReport baseline;
        try (StudyIndex index = StudyIndex.open(StudyStore.open(tmp.resolve("baseline")))) {
            baseline = new Importer(index).importPaths(List.of(folder));
        }
        Set<Path> bad = new HashSet<>();
        for (Path f : sample) {
            Set<String> kinds = new HashSet<>();
            for (Mutant m : mutants(f)) {
                String kind = m.name().contains("[cut@") ? "cut" : m.name().contains("[len") ? "len"
                        : m.name().contains("[nest") ? "nest" : null;
                if (kind == null || kinds.contains(kind) || !rejectedByReader(m.bytes())) continue;
                kinds.add(kind);
                Path p = folder.resolve(m.name().replaceAll("[^A-Za-z0-9._=@#-]", "_") + ".dcm");
                Files.write(p, m.bytes());
                bad.add(p);
            }
        }
        try (StudyIndex index = StudyIndex.open(StudyStore.open(tmp.resolve("data")))) {
            ImportReport report = new Importer(index).importPaths(List.of(folder));
            System.out.printf("mutant import: %d originals (%d imported alone), %d damaged copies; %d imported, %d errors%n",
                    sample.size(), baseline.imported(), bad.size(), report.imported(), report.errors().size());
            assertEquals(sample.size() + bad.size(), report.filesSeen());
            assertEquals(baseline.imported(), report.imported(), "a damaged copy cost a valid file");
            assertEquals(baseline.imported(), index.countInstances());
            assertEquals(baseline.errors().size() + bad.size(), report.errors().size());
            Set<Path> seen = new HashSet<>();
            for (ImportError e : report.errors()) {
                assertTrue(seen.add(e.file()), "two errors for " + e.file());
                assertTrue(e.reason() != null && !e.reason().isBlank(), e::toString);
                assertFalse(e.reason().startsWith("unexpected"), "a parser bug: " + e);
                if (bad.contains(e.file())) assertTrue(e.offset() >= 0, "no offset: " + e);
            }
            assertTrue(seen.containsAll(bad), "a damaged file was not reported");
        }
    }

    private static boolean rejectedByReader(byte[] bytes) {
        try (DicomFile f = DicomReader.read(bytes)) {
            return false;
        } catch (DicomParseException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Null when the report is acceptable, else what is wrong with it. */
    static String judge(Mutant m, Map<String, Object> report) {
        if (!m.name().equals(report.get("file"))) return "report names " + report.get("file");
        Object err = report.get("error");
        if (err == null) {
            return report.containsKey("frameSha256") ? null : "neither pixels nor an error: " + report;
        }
        Map<?, ?> e = (Map<?, ?>) err;
        String reason = String.valueOf(e.get("reason"));
        if (!m.name().equals(e.get("file"))) return "error names " + e.get("file");
        if (reason.isBlank() || "null".equals(reason)) return "error without a reason";
        if (reason.startsWith("internal error")) return reason;
        if (!(e.get("offset") instanceof Number n) || n.longValue() < -1) return "bad offset " + e.get("offset");
        return null;
    }

    /** The two smallest files of every transfer syntax in the manifest, in a fixed order. */
    static List<Path> sample() {
        Map<String, List<JsonNode>> bySyntax = new TreeMap<>();
        for (JsonNode f : Corpus.manifest().get("files")) {
            bySyntax.computeIfAbsent(f.path("dataset").path("transfer_syntax_uid").asText(), k -> new ArrayList<>()).add(f);
        }
        List<Path> out = new ArrayList<>();
        for (List<JsonNode> files : bySyntax.values()) {
            files.sort(Comparator.comparingLong((JsonNode f) -> f.path("size").asLong()).thenComparing(f -> f.path("file").asText()));
            for (int i = 0; i < Math.min(FILES_PER_SYNTAX, files.size()); i++) {
                out.add(Corpus.file(files.get(i).path("file").asText()));
            }
        }
        for (String name : EXTRA) {
            if (Files.isRegularFile(Corpus.file(name)) && !out.contains(Corpus.file(name))) out.add(Corpus.file(name));
        }
        return out;
    }

    // ---- mutations ----

    static List<Mutant> mutants(Path file) throws IOException, DicomParseException {
        byte[] orig = Files.readAllBytes(file);
        String base = file.getFileName().toString();
        Map<String, byte[]> out = new LinkedHashMap<>();
        Random rnd = new Random(base.hashCode());
        int n = orig.length;

        Layout layout = Layout.of(orig);

        // truncation: inside the preamble, the meta group, the data set, the pixel data, the last bytes
        long[] cuts = {0, 1, 7, 128, 131, 133, 140, layout.dataStart, layout.dataStart + 3, layout.dataStart + 9,
                layout.pixelOffset, layout.pixelOffset + 6, layout.pixelOffset + 11, layout.pixelOffset + 17,
                n / 4, n / 2, (3L * n) / 4, n - 9, n - 2, n - 1};
        for (long cut : cuts) {
            if (cut >= 0 && cut < n) out.putIfAbsent("cut@" + cut, Arrays.copyOf(orig, (int) cut));
        }

        // random byte flips: header region, pixel region
        for (int i = 0; i < 14; i++) {
            out.put("flip-header#" + i, flip(orig, rnd, 128, (int) Math.min(n, layout.pixelOffset + 16), 1 + rnd.nextInt(4)));
        }
        for (int i = 0; i < 10; i++) {
            out.put("flip-pixels#" + i, flip(orig, rnd, (int) Math.min(n - 1, layout.pixelOffset), n, 1 + rnd.nextInt(8)));
        }

        // bogus element lengths, wrong VR codes
        for (Layout.Header h : layout.headers) {
            long beyond = n - h.valuePos() + 2 + rnd.nextInt(1000);
            if (h.lengthBytes() == 4) {
                for (long v : new long[]{0xFFFFFFF0L, 0xFFFFFFFFL, h.length() | 1, h.length() + 1, beyond, 0, 0x7FFFFFFFL}) {
                    out.put("len" + h.what() + "=" + Long.toHexString(v), setLength(orig, h, v));
                }
            } else {
                for (long v : new long[]{0xFFFF, 0xFFF0, h.length() | 1, h.length() + 1, Math.min(beyond, 0xFFFF), 0}) {
                    out.put("len" + h.what() + "=" + Long.toHexString(v), setLength(orig, h, v));
                }
            }
            if (h.vrPos() >= 0) {
                for (String vr : new String[]{"ZZ", "SQ", "UN", "OB", "\0\0"}) {
                    byte[] b = orig.clone();
                    b[(int) h.vrPos()] = (byte) vr.charAt(0);
                    b[(int) h.vrPos() + 1] = (byte) vr.charAt(1);
                    out.put("vr" + h.what() + "=" + vr.replace('\0', '0'), b);
                }
            }
        }

        // the Image Pixel module lies
        for (Layout.Value v : layout.pixelModule) {
            for (int value : new int[]{0, 1, 3, 7, 12, 64, 0x7FFF, 0xFFFF}) {
                out.put("value" + v.what() + "=" + value, setU16(orig, v.pos(), value, layout.bigEndian));
            }
        }
        if (layout.rows != null && layout.columns != null) {
            for (int value : new int[]{0x7FFF, 0xFFFF}) {
                byte[] b = setU16(setU16(orig, layout.rows.pos(), value, layout.bigEndian), layout.columns.pos(), value, layout.bigEndian);
                out.put("rows=columns=" + value, b);
                if (layout.samplesPerPixel != null) out.put("rows=columns=" + value + ",spp=4", setU16(b, layout.samplesPerPixel.pos(), 4, layout.bigEndian));
            }
        }
        for (String frames : new String[]{"2", "0", "-1", "x", "1e3", "99999999", "2147483647", "4294967297"}) {
            out.put("frames=" + frames, layout.withNumberOfFrames(orig, frames));
        }
        for (int i = 0; i < layout.offsetTableEntries; i++) {
            for (long v : new long[]{0xFFFFFFF0L, 0x7FFFFFFFL, 1, 0}) {
                out.put("offsetTable[" + i + "]=" + Long.toHexString(v), setU32(orig, layout.offsetTablePos + 4L * i, v, layout.bigEndian));
            }
        }
        if (layout.deflated) {
            out.put("deflate-bomb", deflateBomb(orig, layout.dataStart));
        }

        // sequences nested deeper than any real object, undefined and defined length
        if (!layout.deflated) {
            out.put("nest-undefined", insert(orig, layout.dataStart, deepNesting(layout, 5000, false)));
            out.put("nest-defined", insert(orig, layout.dataStart, deepNesting(layout, 5000, true)));
        }

        List<Mutant> list = new ArrayList<>();
        out.forEach((k, v) -> list.add(new Mutant(base + "[" + k + "]", v)));
        return list;
    }

    private static byte[] flip(byte[] orig, Random rnd, int from, int to, int count) {
        byte[] b = orig.clone();
        if (to <= from) return b;
        for (int i = 0; i < count; i++) {
            int p = from + rnd.nextInt(to - from);
            b[p] = (byte) (rnd.nextBoolean() ? b[p] ^ (1 << rnd.nextInt(8)) : rnd.nextInt(256));
        }
        return b;
    }

    private static byte[] setLength(byte[] orig, Layout.Header h, long v) {
        byte[] b = orig.clone();
        int p = (int) h.lengthPos();
        for (int i = 0; i < h.lengthBytes(); i++) {
            int shift = 8 * (h.bigEndian() ? h.lengthBytes() - 1 - i : i);
            b[p + i] = (byte) (v >>> shift);
        }
        return b;
    }

    private static byte[] setU16(byte[] orig, long pos, int v, boolean big) {
        byte[] b = orig.clone();
        b[(int) pos] = (byte) (big ? v >>> 8 : v);
        b[(int) pos + 1] = (byte) (big ? v : v >>> 8);
        return b;
    }

    private static byte[] setU32(byte[] orig, long pos, long v, boolean big) {
        byte[] b = orig.clone();
        for (int i = 0; i < 4; i++) b[(int) pos + i] = (byte) (v >>> (8 * (big ? 3 - i : i)));
        return b;
    }

    /**
     * The file's own File Meta Information followed by a raw deflate stream that inflates to far
     * more zeros than any heap holds: one sync-flushed block of 1 MB of zeros repeated (each copy
     * only refers back to zeros), then an empty final block. About 1 KB per MB inflated.
     */
    static byte[] deflateBomb(byte[] orig, long dataStart) {
        java.util.zip.Deflater d = new java.util.zip.Deflater(9, true);
        d.setInput(new byte[1 << 20]);
        byte[] buf = new byte[1 << 16];
        int n = d.deflate(buf, 0, buf.length, java.util.zip.Deflater.SYNC_FLUSH);
        d.end();
        long inflated = Runtime.getRuntime().maxMemory() + (1L << 30); // beyond any limit the reader may choose
        int copies = (int) Math.min(Integer.MAX_VALUE / n - 16, inflated >> 20);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) dataStart + copies * n + 2);
        out.write(orig, 0, (int) dataStart);
        for (int i = 0; i < copies; i++) out.write(buf, 0, n);
        out.write(0x03); // BFINAL=1, BTYPE=01 (fixed Huffman), end-of-block
        out.write(0x00);
        return out.toByteArray();
    }

    private static byte[] insert(byte[] orig, long at, byte[] what) {
        byte[] b = new byte[orig.length + what.length];
        System.arraycopy(orig, 0, b, 0, (int) at);
        System.arraycopy(what, 0, b, (int) at, what.length);
        System.arraycopy(orig, (int) at, b, (int) at + what.length, orig.length - (int) at);
        return b;
    }

    /**
     * {@code depth} levels of (0008,1115) Referenced Series Sequence, each holding one item holding
     * the next, in the data set's encoding; with defined lengths every level is exactly consistent.
     */
    private static byte[] deepNesting(Layout l, int depth, boolean defined) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int seqHeader = l.explicitVr ? 12 : 8;
        long inner = 0; // bytes of the level below, for defined lengths
        long[] lens = new long[depth];
        for (int i = depth - 1; i >= 0; i--) {
            lens[i] = inner;
            inner = seqHeader + 8 + inner;
        }
        for (int i = 0; i < depth; i++) {
            long seqLen = defined ? 8 + lens[i] : 0xFFFFFFFFL;
            long itemLen = defined ? lens[i] : 0xFFFFFFFFL;
            writeTag(out, 0x00081115, l.bigEndian);
            if (l.explicitVr) {
                out.write('S');
                out.write('Q');
                out.write(0);
                out.write(0);
            }
            write32(out, seqLen, l.bigEndian);
            writeTag(out, 0xFFFEE000, l.bigEndian);
            write32(out, itemLen, l.bigEndian);
        }
        return out.toByteArray(); // undefined: no delimiters at all, so the reader must stop on depth
    }

    private static void writeTag(java.io.ByteArrayOutputStream out, int tag, boolean big) {
        int g = tag >>> 16, e = tag & 0xFFFF;
        for (int v : new int[]{g, e}) {
            out.write(big ? v >>> 8 : v);
            out.write(big ? v : v >>> 8);
        }
    }

    private static void write32(java.io.ByteArrayOutputStream out, long v, boolean big) {
        for (int i = 0; i < 4; i++) out.write((int) (v >>> (8 * (big ? 3 - i : i))));
    }

    /** Where things are in the original file, found with our own reader. */
    static final class Layout {
        record Header(String what, long lengthPos, int lengthBytes, long length, long valuePos, long vrPos, boolean bigEndian) {}
        record Value(String what, long pos, int length) {}

        long dataStart;
        long pixelOffset;
        boolean bigEndian, explicitVr, deflated;
        final List<Header> headers = new ArrayList<>();
        final List<Value> pixelModule = new ArrayList<>();
        Value rows, columns, samplesPerPixel;
        /** The whole (0028,0008) element when present: header offset and total length. */
        long framesElement = -1, framesElementLength;
        /** Where new elements of group 0028 may be inserted (before Rows). */
        long rowsOffset = -1;
        long offsetTablePos;
        int offsetTableEntries;

        /** The file with Number of Frames replaced or inserted, as {@code IS} of any length. */
        byte[] withNumberOfFrames(byte[] orig, String value) {
            if (deflated || (framesElement < 0 && rowsOffset < 0)) return orig.clone();
            String padded = value.length() % 2 == 0 ? value : value + " ";
            java.io.ByteArrayOutputStream e = new java.io.ByteArrayOutputStream();
            writeTag(e, Tag.NumberOfFrames, bigEndian);
            if (explicitVr) {
                e.write('I');
                e.write('S');
                e.write(bigEndian ? 0 : padded.length());
                e.write(bigEndian ? padded.length() : 0);
            } else {
                write32(e, padded.length(), bigEndian);
            }
            e.writeBytes(padded.getBytes(StandardCharsets.US_ASCII));
            byte[] element = e.toByteArray();
            long at = framesElement >= 0 ? framesElement : rowsOffset;
            long drop = framesElement >= 0 ? framesElementLength : 0;
            byte[] b = new byte[(int) (orig.length - drop + element.length)];
            System.arraycopy(orig, 0, b, 0, (int) at);
            System.arraycopy(element, 0, b, (int) at, element.length);
            System.arraycopy(orig, (int) (at + drop), b, (int) at + element.length, (int) (orig.length - at - drop));
            return b;
        }

        static Layout of(byte[] bytes) throws DicomParseException, IOException {
            Layout l = new Layout();
            try (DicomFile f = DicomReader.read(bytes)) {
                TransferSyntax ts = f.transferSyntax();
                l.bigEndian = ts.bigEndian();
                l.explicitVr = ts.explicitVr();
                l.deflated = ts.deflated();
                List<Element> meta = f.fileMeta().elements();
                Element lastMeta = meta.get(meta.size() - 1);
                l.dataStart = lastMeta.offset() + 8 + ((DicomValue.Inline) lastMeta.value()).bytes().length;
                for (Element e : meta) {
                    if (e.tag() == Tag.TransferSyntaxUID || e.tag() == Tag.FileMetaInformationGroupLength) {
                        l.headers.add(header("meta" + Tag.toString(e.tag()), e, true, false));
                    }
                }
                if (l.deflated) {
                    l.pixelOffset = l.dataStart; // offsets below are in the inflated data set
                    return l;
                }
                Attributes ds = f.dataSet();
                Element pixel = ds.get(Tag.PixelData);
                l.pixelOffset = pixel != null ? pixel.offset() : l.dataStart;
                // a spread of top-level elements: first few, a sequence if any, the pixel module, pixel data
                List<Element> picked = new ArrayList<>();
                List<Element> all = ds.elements();
                for (int i = 0; i < Math.min(3, all.size()); i++) picked.add(all.get(i));
                all.stream().filter(e -> e.value() instanceof DicomValue.Sequence).findFirst().ifPresent(picked::add);
                for (int tag : new int[]{Tag.Rows, Tag.BitsAllocated, Tag.PixelData}) {
                    if (ds.contains(tag)) picked.add(ds.get(tag));
                }
                for (Element e : picked) {
                    if (e.offset() < l.dataStart) continue;
                    l.headers.add(header(Tag.toString(e.tag()), e, l.explicitVr, l.bigEndian));
                }
                if (pixel != null && pixel.value() instanceof DicomValue.Fragments fr) {
                    List<DicomValue.BulkData> items = new ArrayList<>();
                    items.add(fr.offsetTable());
                    items.addAll(fr.fragments().subList(0, Math.min(2, fr.fragments().size())));
                    for (int i = 0; i < items.size(); i++) {
                        DicomValue.BulkData b = items.get(i);
                        l.headers.add(new Header(i == 0 ? "(offset table)" : "(fragment " + i + ")", b.offset() - 4, 4,
                                b.length(), b.offset(), -1, l.bigEndian));
                    }
                    l.offsetTablePos = fr.offsetTable().offset();
                    l.offsetTableEntries = (int) Math.min(3, fr.offsetTable().length() / 4);
                }
                for (int tag : new int[]{Tag.Rows, Tag.Columns, Tag.BitsAllocated, Tag.BitsStored, Tag.SamplesPerPixel}) {
                    Element e = ds.get(tag);
                    if (e != null && e.value() instanceof DicomValue.Inline in && in.bytes().length == 2) {
                        Value v = new Value(Tag.toString(tag), valuePos(e, l.explicitVr), 2);
                        l.pixelModule.add(v);
                        if (tag == Tag.Rows) l.rows = v;
                        if (tag == Tag.Columns) l.columns = v;
                        if (tag == Tag.SamplesPerPixel) l.samplesPerPixel = v;
                    }
                }
                if (ds.contains(Tag.Rows)) l.rowsOffset = ds.get(Tag.Rows).offset();
                Element nf = ds.get(Tag.NumberOfFrames);
                if (nf != null && nf.value() instanceof DicomValue.Inline in) {
                    l.framesElement = nf.offset();
                    l.framesElementLength = valuePos(nf, l.explicitVr) - nf.offset() + in.bytes().length;
                }
            }
            return l;
        }

        private static long valuePos(Element e, boolean explicit) {
            return e.offset() + (explicit && e.vr() != null && e.vr().longHeader() ? 12 : 8);
        }

        private static Header header(String what, Element e, boolean explicit, boolean big) {
            long len = switch (e.value()) {
                case DicomValue.Inline in -> in.bytes().length;
                case DicomValue.BulkData b -> b.length();
                default -> 0xFFFFFFFFL;
            };
            if (!explicit) return new Header(what, e.offset() + 4, 4, len, e.offset() + 8, -1, big);
            boolean longHeader = e.vr() != null && e.vr().longHeader();
            return longHeader
                    ? new Header(what, e.offset() + 8, 4, len, e.offset() + 12, e.offset() + 4, big)
                    : new Header(what, e.offset() + 6, 2, len, e.offset() + 8, e.offset() + 4, big);
        }
    }
}
