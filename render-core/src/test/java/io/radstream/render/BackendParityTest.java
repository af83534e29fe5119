package io.radstream.render;

import io.radstream.volume.series.Volume;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One golden suite for every registered backend, with {@link CpuRenderer} as the reference.
 * Tolerance: at most 1 gray level off on ≥ 99.9 % of pixels, and never more than 2 anywhere.
 * A backend that cannot start here (no EGL, no GPU) is skipped with its reason.
 */
class BackendParityTest {
    private static final double WITHIN_ONE = 0.999;
    private static final int MAX_LEVELS = 2;

    private static Volume mono2, mono1;
    private static final Map<String, Object> backends = new LinkedHashMap<>(); // Renderer or the reason it is missing

    @BeforeAll
    static void setUp() throws Exception {
        mono2 = Phantoms.ct(96, 80, 4, "MONOCHROME2");
        mono1 = Phantoms.ct(96, 80, 4, "MONOCHROME1");
        for (RendererProvider p : Backends.providers()) {
            if (p.name().equals("cpu")) continue;
            try {
                backends.put(p.name(), p.create().renderer());
            } catch (BackendUnavailableException e) {
                backends.put(p.name(), e.getMessage());
            }
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        for (Object o : backends.values()) if (o instanceof AutoCloseable c) c.close();
        mono2.release();
        mono1.release();
    }

    static Stream<String> backendNames() {
        return Backends.providers().stream().map(RendererProvider::name).filter(n -> !n.equals("cpu"));
    }

    /** Zoomed out, fitted, 1:1-ish, magnified with pan, odd viewport sizes, every slice. */
    static List<ViewState> states(double center, double width) {
        List<ViewState> list = new ArrayList<>();
        list.add(new ViewState(0, center, width, 1, 0, 0, 96, 80));
        list.add(new ViewState(1, center, width, 1, 0, 0, 257, 131));
        list.add(new ViewState(2, center, width, 0.6, 13.5, -7.25, 200, 200));
        list.add(new ViewState(3, center, width, 2.3, -31, 17, 311, 173));
        list.add(new ViewState(1, center, width, 7.77, 101.3, 55.1, 160, 240));
        list.add(new ViewState(2, center, width, 1.013, 0.5, 0.5, 97, 81));
        list.add(new ViewState(0, center, width, 3, -400, 0, 64, 64)); // panned almost off screen
        list.add(new ViewState(9, center, width, 1, 0, 0, 100, 100));  // slice beyond the end: clamped
        return list;
    }

    private static void compare(String backend, Volume volume, double center, double width) {
        Object o = backends.get(backend);
        Assumptions.assumeTrue(o instanceof Renderer, () -> "backend " + backend + " not available here: " + o);
        Renderer r = (Renderer) o;
        CpuRenderer cpu = new CpuRenderer();
        for (ViewState s : states(center, width)) {
            Frame expected = cpu.render(s, volume);
            Frame actual = r.render(s, volume);
            Phantoms.Difference d = Phantoms.Difference.of(expected, actual);
            String what = backend + " " + volume.photometric() + " " + s + ": " + d;
            System.out.println(what);
            assertTrue(d.maxLevels() <= MAX_LEVELS, what);
            assertTrue(d.fractionWithinOne() >= WITHIN_ONE, what);
        }
    }

    @ParameterizedTest
    @MethodSource("backendNames")
    void wideWindowMatchesCpu(String backend) {
        compare(backend, mono2, 40, 4000);
        compare(backend, mono2, 0, 65536);
    }

    @ParameterizedTest
    @MethodSource("backendNames")
    void narrowWindowMatchesCpu(String backend) {
        compare(backend, mono2, 40, 50);
        compare(backend, mono2, 5.5, 1);
        // slice 0 maps stored −32768 to −33792 and −32767 to −33791: a 1-wide window between them
        // tells the two apart (R16_SNORM would turn −32768 into −32767)
        compare(backend, mono2, -33791, 1);
    }

    @ParameterizedTest
    @MethodSource("backendNames")
    void monochrome1MatchesCpu(String backend) {
        compare(backend, mono1, 40, 4000);
        compare(backend, mono1, 40, 50);
    }
}
