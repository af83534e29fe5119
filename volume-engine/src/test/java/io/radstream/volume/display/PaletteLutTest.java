package io.radstream.volume.display;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Segmented palette LUT expansion (PS3.3 C.7.9.2) against pydicom's own expansion of the same
 * words: discrete, linear (rising, falling, flat, length 1) and indirect segments.
 */
class PaletteLutTest {
    static final int[] DATA = {
            0, 3, 0, 1000, 65535,          // discrete: 0, 1000, 65535
            1, 7, 300,                     // linear down to 300 over 7
            1, 1, 301,                     // linear, length 1
            1, 5, 301,                     // flat
            1, 9, 40000,                   // linear up
            2, 2, 0, 0,                    // indirect: the first two segments again (byte offset 0)
            0, 2, 7, 8,                    // discrete
    };

    @Test
    void expandsLikePydicom() throws Exception {
        StringBuilder words = new StringBuilder();
        for (int d : DATA) words.append(words.isEmpty() ? "" : ",").append(d);
        byte[] out = ColorImageCorpusTest.python("""
                import sys, json
                from pydicom.pixel_data_handlers.util import _expand_segmented_lut
                data = tuple(int(v) for v in sys.argv[1].split(','))
                print(json.dumps(_expand_segmented_lut(data, '<H')))
                """, words.toString());
        int[] expected = new ObjectMapper().readValue(out, int[].class);
        assertArrayEquals(expected, PaletteLut.expandSegmented(DATA, expected.length));
    }
}
