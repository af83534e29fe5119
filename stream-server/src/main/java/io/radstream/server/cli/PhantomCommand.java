package io.radstream.server.cli;

import io.radstream.volume.phantom.CtPhantom;
import io.radstream.volume.phantom.DbtPhantom;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code radstream phantom --kind ct --out DIR [--slices N] [--pixel-spacing R,C] [--orientation 6 values]}, or
 * {@code radstream phantom --kind cta ...} (the same options as ct: an arterial-phase CT angiogram
 * with a branching tree of small arteries, by default 340 slices from the pelvis to the lung hila), or
 * {@code radstream phantom --kind dbt --out DIR [--rows N] [--columns N] [--frames N] [--laterality R|L]}.
 */
final class PhantomCommand {
    static final String USAGE = "phantom --kind ct --out DIR [--slices N] [--pixel-spacing ROW,COL] [--slice-spacing MM] [--orientation X,Y,Z,X,Y,Z]\n"
            + "  phantom --kind cta --out DIR [same options as ct; default 340 slices, pelvis to lung hila]\n"
            + "  phantom --kind dbt --out DIR [--rows N] [--columns N] [--frames N] [--laterality R|L]"
            + " (default 2457x1890x66; a smaller matrix keeps the 245.7x189 mm field of view and 66 mm thickness)";

    static int run(String[] argv, PrintStream out) throws Exception {
        Args args = new Args(argv, 1, Set.of("kind", "out", "slices", "pixel-spacing", "slice-spacing", "orientation",
                "rows", "columns", "frames", "laterality"), Set.of());
        String kind = args.get("kind", "ct");
        Path dir = Path.of(args.require("out"));
        return switch (kind) {
            case "ct" -> ct(args, dir, out, false);
            case "cta" -> ct(args, dir, out, true);
            case "dbt" -> dbt(args, dir, out);
            default -> throw new Args.UsageException("unknown phantom kind '" + kind + "' (available: ct, cta, dbt)");
        };
    }

    private static int ct(Args args, Path dir, PrintStream out, boolean angiogram) throws Exception {
        CtPhantom.Spec spec = CtPhantom.Spec.defaults(args.getInt("slices", angiogram ? 340 : 64));
        // the angiogram's trees run from the pelvis (z ≈ -300) to the lung hila (z ≈ +90)
        if (angiogram) spec = spec.withCentre(0, 0, -90);
        double[] ps = args.getDoubles("pixel-spacing", 2);
        if (ps != null) spec = spec.withPixelSpacing(ps[0], ps[1]);
        double[] ss = args.getDoubles("slice-spacing", 1);
        if (ss != null) spec = spec.withSliceSpacing(ss[0]);
        double[] o = args.getDoubles("orientation", 6);
        if (o != null) spec = spec.withOrientation(o);
        long t0 = System.nanoTime();
        CtPhantom.PhantomSeries series = angiogram ? CtPhantom.writeCta(spec, dir) : CtPhantom.write(spec, dir);
        out.printf("wrote %d " + (angiogram ? "CTA" : "CT") + " slices to %s in %d ms%n", series.files().size(), dir.toAbsolutePath(),
                (System.nanoTime() - t0) / 1_000_000);
        return 0;
    }

    private static int dbt(Args args, Path dir, PrintStream out) throws Exception {
        DbtPhantom.Spec defaults = DbtPhantom.Spec.defaults();
        int rows = args.getInt("rows", defaults.rows());
        int columns = args.getInt("columns", defaults.columns());
        int frames = args.getInt("frames", defaults.frames());
        DbtPhantom.Spec spec;
        try {
            spec = rows == defaults.rows() && columns == defaults.columns() && frames == defaults.frames()
                    ? defaults : defaults.withMatrix(rows, columns, frames);
            spec = spec.withLaterality(args.get("laterality", "R"));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
        DbtPhantom.PhantomObject written = DbtPhantom.write(spec, dir);
        out.printf("wrote a %dx%dx%d breast tomosynthesis object (%s CC, %.3f mm pixels, %.3f mm slices, %d MB) to %s in %d ms%n",
                spec.rows(), spec.columns(), spec.frames(), spec.laterality(), spec.pixelSpacingMm(), spec.sliceSpacingMm(),
                spec.pixelBytes() >> 20, written.file().toAbsolutePath(), written.millis());
        return 0;
    }
}
