package io.radstream.render;

import io.radstream.volume.series.Volume;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM started without {@code --add-modules jdk.incubator.vector} (plain {@code java -jar}, a
 * JMH fork without the flag) must still project slabs: it takes the int-lane fallback, never
 * loads {@link SlabLanes}, and yields the same values as the SIMD path in this JVM. The child runs
 * {@link #main} on this test's class path and prints which path it chose and a digest of its
 * projections.
 */
class SlabProjectionWithoutVectorModuleTest {

    @Test
    void jvmWithoutTheModuleFallsBackToTheSameValues() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                SlabProjectionWithoutVectorModuleTest.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        assertEquals(0, p.exitValue(), "child JVM without jdk.incubator.vector failed:\n" + out);
        assertTrue(!out.contains("incubator"), "the child had the vector module: " + out);
        assertTrue(SlabProjection.SIMD_LANES, "this JVM runs with the module (surefire argLine)");
        assertEquals("simd=false " + digest(true), out.lines().reduce((a, b) -> b).orElse(""), "the fallback's projections differ");
    }

    /** Child: projections on whatever path this JVM chose, as "simd=… digest". */
    public static void main(String[] args) throws Exception {
        System.out.println("simd=" + SlabProjection.SIMD_LANES + " " + digest(SlabProjection.SIMD_LANES));
    }

    /** Hashes of the projections of one random unsigned volume along each axis, each mode, with and without padding. */
    private static String digest(boolean simd) throws Exception {
        Volume v = SlabLanesTest.randomVolume(false, -2, 3000, 0xFFF0, new Random(5));
        try {
            List<Integer> hashes = new ArrayList<>();
            for (int axis = 0; axis < 3; axis++) {
                for (Mpr.Projection mode : Mpr.Projection.values()) {
                    for (OptionalInt padding : List.of(OptionalInt.empty(), OptionalInt.of(0xFFF0))) {
                        int last = axis == 0 ? 100 : axis == 1 ? 69 : 8;
                        hashes.add(Arrays.hashCode(SlabProjection.of(v, SlabLanesTest.slab(axis, 0, last, mode), padding, simd).values));
                    }
                }
            }
            return hashes.toString();
        } finally {
            v.release();
        }
    }
}
