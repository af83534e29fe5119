package io.radstream.volume.dicom;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The PS3.6 data dictionary: VR and keyword of every public tag, loaded once from the generated
 * {@code dictionary.tsv}. Repeating groups such as (60xx,3000) are matched by mask. Used to read
 * implicit-VR data sets and to name elements in diagnostics.
 */
public final class ElementDictionary {

    /** One dictionary entry. */
    public record Entry(int tag, VR vr, String vm, String keyword, boolean retired, String name) {}

    private record Mask(int mask, int value, Entry entry) {}

    private static final ElementDictionary STANDARD = load();

    private final Map<Integer, Entry> byTag;
    private final List<Mask> masks;

    private ElementDictionary(Map<Integer, Entry> byTag, List<Mask> masks) {
        this.byTag = byTag;
        this.masks = masks;
    }

    public static ElementDictionary standard() {
        return STANDARD;
    }

    /** The entry of a tag, or {@code null} for private and unknown tags. */
    public Entry entry(int tag) {
        Entry e = byTag.get(tag);
        if (e != null) return e;
        for (Mask m : masks) {
            if ((tag & m.mask) == m.value) return m.entry;
        }
        return null;
    }

    /**
     * The VR an implicit-VR reader must assume for a tag (PS3.5 §7.1.3): from the dictionary; group
     * lengths are UL; private creators LO; anything else unknown is UN.
     */
    public VR vrOf(int tag) {
        if ((tag & 0xFFFF) == 0) return VR.UL;
        if (Tag.isPrivate(tag)) {
            int elem = tag & 0xFFFF;
            return elem >= 0x10 && elem <= 0xFF ? VR.LO : VR.UN;
        }
        Entry e = entry(tag);
        return e == null ? VR.UN : e.vr;
    }

    /** The keyword of a tag, or its "(gggg,eeee)" spelling when it has none. */
    public String keywordOf(int tag) {
        Entry e = entry(tag);
        return e == null || e.keyword.isEmpty() ? Tag.toString(tag) : e.keyword;
    }

    private static ElementDictionary load() {
        Map<Integer, Entry> byTag = new HashMap<>(8192);
        List<Mask> masks = new ArrayList<>();
        try (InputStream in = ElementDictionary.class.getResourceAsStream("dictionary.tsv")) {
            if (in == null) throw new IllegalStateException("dictionary.tsv missing from the classpath");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("#") || line.isBlank()) continue;
                String[] f = line.split("\t", -1);
                String t = f[0];
                VR vr = f[1].isEmpty() ? VR.UN : VR.ofDictionary(f[1]);
                int tag = (int) Long.parseLong(t.replace('x', '0'), 16);
                Entry e = new Entry(tag, vr, f[2], f[3], "R".equals(f[4]), f[5]);
                if (t.indexOf('x') >= 0) {
                    int mask = 0;
                    for (int i = 0; i < 8; i++) mask = (mask << 4) | (t.charAt(i) == 'x' ? 0 : 0xF);
                    masks.add(new Mask(mask, tag, e));
                } else {
                    byTag.put(tag, e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ElementDictionary(Map.copyOf(byTag), List.copyOf(masks));
    }
}
