package io.radstream.volume.dicom;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Names of the well-known UIDs of PS3.6 Annex A, from the generated {@code uids.tsv}. */
public final class UidDictionary {
    private static final Map<String, String> NAMES = load();

    private UidDictionary() {}

    /** The UID's name ("CT Image Storage"), or the UID itself when it is not a well-known one. */
    public static String nameOf(String uid) {
        return NAMES.getOrDefault(uid, uid);
    }

    public static boolean isKnown(String uid) {
        return NAMES.containsKey(uid);
    }

    private static Map<String, String> load() {
        Map<String, String> m = new HashMap<>();
        try (InputStream in = UidDictionary.class.getResourceAsStream("uids.tsv")) {
            if (in == null) throw new IllegalStateException("uids.tsv missing from the classpath");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("#") || line.isBlank()) continue;
                String[] f = line.split("\t", -1);
                m.put(f[0], f[4]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(m);
    }
}
