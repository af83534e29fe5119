package io.radstream.server.cli;

import io.radstream.volume.phantom.CtPhantom;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/** {@code radstream phantom --kind ct --out DIR [--slices N] [--pixel-spacing R,C] [--orientation 6 values]}. */
final class PhantomCommand {
    static final String USAGE = "phantom --kind ct --out DIR [--slices N] [--pixel-spacing ROW,COL] [--slice-spacing MM] [--orientation X,Y,Z,X,Y,Z]";

    static int run(String[] argv, PrintStream out) throws Exception {
        Args args = new Args(argv, 1, Set.of("kind", "out", "slices", "pixel-spacing", "slice-spacing", "orientation"), Set.of());
        String kind = args.get("kind", "ct");
        if (!kind.equals("ct")) throw new Args.UsageException("unknown phantom kind '" + kind + "' (available: ct)");
        Path dir = Path.of(args.require("out"));
        CtPhantom.Spec spec = CtPhantom.Spec.defaults(args.getInt("slices", 64));
        double[] ps = args.getDoubles("pixel-spacing", 2);
        if (ps != null) spec = spec.withPixelSpacing(ps[0], ps[1]);
        double[] ss = args.getDoubles("slice-spacing", 1);
        if (ss != null) spec = spec.withSliceSpacing(ss[0]);
        double[] o = args.getDoubles("orientation", 6);
        if (o != null) spec = spec.withOrientation(o);
        long t0 = System.nanoTime();
        CtPhantom.PhantomSeries series = CtPhantom.write(spec, dir);
        out.printf("wrote %d CT slices to %s in %d ms%n", series.files().size(), dir.toAbsolutePath(),
                (System.nanoTime() - t0) / 1_000_000);
        return 0;
    }
}
