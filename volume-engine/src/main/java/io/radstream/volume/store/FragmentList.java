package io.radstream.volume.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * The fragment table of encapsulated pixel data as JSON, {@code [[offset,length],...]}, Basic
 * Offset Table first: one column instead of a row per fragment, because fragments are always
 * read together with their instance and a multi-frame object can hold thousands.
 */
final class FragmentList {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FragmentList() {}

    /** {@code null} for native pixel data (no fragments). */
    static String encode(List<ByteRange> fragments) {
        if (fragments.isEmpty()) return null;
        long[][] pairs = new long[fragments.size()][];
        for (int i = 0; i < pairs.length; i++) {
            ByteRange r = fragments.get(i);
            pairs[i] = new long[]{r.offset(), r.length()};
        }
        try {
            return JSON.writeValueAsString(pairs);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode fragment table", e);
        }
    }

    static List<ByteRange> decode(String json) {
        if (json == null || json.isEmpty()) return List.of();
        try {
            long[][] pairs = JSON.readValue(json, long[][].class);
            List<ByteRange> out = new ArrayList<>(pairs.length);
            for (long[] p : pairs) out.add(new ByteRange(p[0], p[1]));
            return out;
        } catch (JsonProcessingException e) {
            throw new StudyIndexException("corrupt fragment table in the index: " + e.getOriginalMessage(), e);
        }
    }
}
