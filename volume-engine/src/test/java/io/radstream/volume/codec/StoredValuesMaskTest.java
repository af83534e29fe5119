package io.radstream.volume.codec;

import io.radstream.volume.dicom.Tag;
import io.radstream.volume.pixel.PixelDescription;
import io.radstream.volume.testdata.Tools;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The 16-bit mask to Bits Stored works four samples per 64-bit word; this checks it against numpy
 * on random 16-bit words (every high bit pattern), for lengths that leave a tail of 1–3 samples
 * and an odd trailing byte, unsigned and signed, for every Bits Stored below 16.
 */
class StoredValuesMaskTest {

    @Test
    void masksAndSignExtendsLikeNumpy(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Tools.pydicom(), "needs /usr/bin/python3 with numpy");
        Random random = new Random(20261128);
        StringBuilder cases = new StringBuilder();
        int n = 0;
        for (int bits = 1; bits < 16; bits++) {
            for (boolean signed : new boolean[]{false, true}) {
                for (int length : new int[]{2, 6, 8, 14, 1001, 4096 + 6}) {
                    byte[] raw = new byte[length];
                    random.nextBytes(raw);
                    byte[] masked = raw.clone();
                    PixelDescription d = new PixelDescription(1, length / 2, 1, 1, 16, bits, bits - 1, signed,
                            "MONOCHROME2", 0, Tag.PixelData);
                    StoredValues.maskToBitsStored(masked, d);
                    Files.write(dir.resolve(n + ".raw"), raw);
                    Files.write(dir.resolve(n + ".java"), masked);
                    cases.append(n).append(' ').append(bits).append(' ').append(signed ? 1 : 0).append('\n');
                    n++;
                }
            }
        }
        Files.writeString(dir.resolve("cases.txt"), cases);
        String script = """
                import sys, numpy as np, pathlib
                d = pathlib.Path(sys.argv[1])
                bad = 0
                rows = [l.split() for l in (d / 'cases.txt').read_text().splitlines()]
                for n, bits, signed in rows:
                    bits, signed = int(bits), signed == '1'
                    raw = (d / (n + '.raw')).read_bytes()
                    even = len(raw) // 2 * 2
                    v = np.frombuffer(raw[:even], '<u2').astype(np.int64) & ((1 << bits) - 1)
                    if signed:
                        v = np.where(v >= (1 << (bits - 1)), v - (1 << bits), v)
                    expected = v.astype('<i2' if signed else '<u2').tobytes() + raw[even:]
                    if expected != (d / (n + '.java')).read_bytes():
                        bad += 1
                        print('case', n, 'bits', bits, 'signed', signed, 'differs')
                print('bad', bad)
                """;
        Path py = dir.resolve("check.py");
        Files.writeString(py, script);
        Tools.Result r = Tools.run(Tools.PYTHON, py.toString(), dir.toString());
        assertEquals(0, r.exit(), r.output());
        assertArrayEquals(new String[]{"bad 0"}, new String[]{r.output().strip()}, r.output());
    }
}
