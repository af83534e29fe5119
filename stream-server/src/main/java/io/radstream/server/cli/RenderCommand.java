package io.radstream.server.cli;

import io.radstream.render.Backends;
import io.radstream.render.Frame;
import io.radstream.render.Mpr;
import io.radstream.render.OrientationLabels;
import io.radstream.render.Plane;
import io.radstream.render.Vec;
import io.radstream.render.ViewState;
import io.radstream.volume.series.SeriesGeometry;
import io.radstream.server.encode.PngEncoder;
import io.radstream.volume.series.SeriesFiles;
import io.radstream.volume.series.Volume;
import io.radstream.volume.series.VolumeLoader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code radstream render PATH [--mode M] [--index N] [--plane P] [--position MM] [--slab MM]
 * [--window C,W] [--size WxH] --out F.png}: one frame through the same renderer and PNG encoder
 * the server uses. PATH is a series folder or files.
 *
 * <ul>
 *   <li>{@code --mode slice} (default): native slice N, counted from 1 in slice order along the
 *       normal (as the viewer's "slice n/N").</li>
 *   <li>{@code --mode mpr}: a reformat in {@code --plane axial|coronal|sagittal} (default axial)
 *       at {@code --position} mm: the patient coordinate on the axis the plane is perpendicular
 *       to (z for axial, y for coronal, x for sagittal; PS3.3 C.7.6.2.1.1), default the volume
 *       centre. With {@code --slab} the reformat averages over that thickness.</li>
 *   <li>{@code --mode mip|minip|avg}: the same plane as a slab, {@code --slab} mm thick (default 10).</li>
 *   <li>{@code --mode dbt}: the acquisition plane (the native row and column directions, as
 *       tomosynthesis is read) resampled at {@code --position} mm along the native normal, as an
 *       average slab of {@code --slab} mm (default 10).</li>
 * </ul>
 * The viewport is the image's matrix for a slice, 512×512 for the others, unless {@code --size}.
 * {@code --backend} picks the renderer (default cpu, the reference; {@code auto} as the server
 * chooses); a backend that cannot start is a usage error naming why.
 */
final class RenderCommand {
    static final String USAGE = "render PATH... [--mode slice|mpr|mip|minip|avg|dbt] [--index N] [--plane axial|coronal|sagittal]\n"
            + "         [--position MM] [--slab MM] [--window C,W] [--size WxH] [--backend cpu|gl|cuda|auto] --out F.png\n"
            + "         one frame to PNG (N from 1)";

    static int run(String[] argv, PrintStream out) throws Exception {
        Args args = new Args(argv, 1, Set.of("index", "window", "size", "out", "mode", "plane", "position", "slab", "backend"), Set.of());
        String mode = args.get("mode", "slice");
        if (!Set.of("slice", "mpr", "mip", "minip", "avg", "dbt").contains(mode)) {
            throw new Args.UsageException("--mode must be slice, mpr, mip, minip, avg or dbt, got '" + mode + "'");
        }
        if (mode.equals("slice")) {
            for (String o : List.of("plane", "position", "slab")) {
                if (args.get(o, null) != null) throw new Args.UsageException("--" + o + " needs --mode mpr|mip|minip|avg|dbt");
            }
        } else if (args.get("index", null) != null) {
            throw new Args.UsageException("--index is for --mode slice; reformats take --position MM");
        }
        if (args.positional().isEmpty()) throw new Args.UsageException("render needs a PATH");
        Path target = Path.of(args.require("out"));
        List<Path> files = new ArrayList<>();
        for (String p : args.positional()) files.addAll(filesUnder(Path.of(p)));
        try (VolumeLoader loader = new VolumeLoader()) {
            Volume volume = SeriesFiles.load(files, loader);
            try {
                double[] window = args.getDoubles("window", 2);
                if (window == null) window = volume.defaultWindow();
                if (window == null) window = new double[]{40, 400};
                double[] size = args.getDoubles("size", 2);
                boolean slice = mode.equals("slice");
                int w = size == null ? (slice ? volume.columns() : 512) : (int) size[0];
                int h = size == null ? (slice ? volume.rows() : 512) : (int) size[1];
                String what;
                ViewState state;
                if (slice) {
                    int index = args.getInt("index", volume.slices() / 2 + 1);
                    if (index < 1 || index > volume.slices()) {
                        throw new Args.UsageException("--index must be 1.." + volume.slices() + ", got " + index);
                    }
                    state = new ViewState(index - 1, window[0], window[1], 1, 0, 0, w, h);
                    what = String.format("slice %d/%d", index, volume.slices());
                } else {
                    Mpr mpr = reformat(mode, args, volume.geometry());
                    state = new ViewState(0, window[0], window[1], 1, 0, 0, w, h, mpr);
                    OrientationLabels.Edges e = OrientationLabels.of(mpr);
                    Vec axis = mode.equals("dbt") ? mpr.normal() : plane(args).axis();
                    what = String.format(java.util.Locale.ROOT, "%s at %.2f mm along (%s), slab %s mm%s, edges L/R/T/B %s/%s/%s/%s",
                            mode.equals("mpr") || mode.equals("dbt") ? mode : mode + " slab", mpr.focal().dot(axis),
                            fmt3(axis), fmt(mpr.slabMm()),
                            mpr.slabMm() > 0 ? " " + mpr.projection() : "", e.left(), e.right(), e.top(), e.bottom());
                }
                if (args.getDoubles("window", 2) == null) {
                    // as the viewer opens: the data set's first VOI preset (window or VOI LUT), when it has one
                    int k = Math.max(0, Math.min(volume.slices() - 1, state.slice()));
                    state = io.radstream.render.Gestures.firstVoiPreset(state,
                            io.radstream.render.DisplayTables.display(volume, k).presets());
                    window = new double[]{state.windowCenter(), state.windowWidth()};
                    what += ", VOI " + io.radstream.render.DisplayTables.voiName(volume, state);
                }
                Frame frame;
                Backends.Choice backend;
                try {
                    backend = Backends.select(args.get("backend", "cpu"));
                } catch (IllegalArgumentException | IllegalStateException e) {
                    throw new Args.UsageException(e.getMessage());
                }
                try (backend) {
                    // reformats of Modality LUT volumes render a mapped copy on the chosen backend itself
                    frame = io.radstream.render.ModalityLutReformats.of(backend.renderer()).render(state, volume);
                }
                what += ", " + backend.backend() + " backend (" + backend.device() + ")";
                Files.write(target, new PngEncoder(6).encodeGray(frame.width(), frame.height(), frame.gray()));
                out.printf("%s, window %s/%s, %dx%d -> %s%n", what, fmt(window[0]), fmt(window[1]), w, h, target);
            } finally {
                volume.release();
            }
        }
        return 0;
    }

    /** The reformat a mode asks for; the plane passes through the volume centre unless --position moves it. */
    static Mpr reformat(String mode, Args args, SeriesGeometry g) {
        Vec centre = Vec.of(g.patientPosition((g.columns() - 1) / 2.0, (g.rows() - 1) / 2.0, (g.slices() - 1) / 2.0));
        double[] position = args.getDoubles("position", 1);
        double[] slabArg = args.getDoubles("slab", 1);
        if (slabArg != null && !(slabArg[0] >= 0)) throw new Args.UsageException("--slab must be ≥ 0 mm");
        double slab = slabArg != null ? slabArg[0] : mode.equals("mpr") ? 0 : 10;
        Mpr.Projection projection = switch (mode) {
            case "mip" -> Mpr.Projection.MIP;
            case "minip" -> Mpr.Projection.MINIP;
            default -> Mpr.Projection.AVG;
        };
        Vec right, down, axis;
        if (mode.equals("dbt")) {
            right = Vec.of(g.rowDirection());
            down = Vec.of(g.columnDirection());
            axis = right.cross(down);
        } else {
            Plane plane = plane(args);
            right = plane.right();
            down = plane.down();
            axis = plane.axis();
        }
        if (args.get("plane", null) != null && mode.equals("dbt")) throw new Args.UsageException("--mode dbt uses the acquisition plane; drop --plane");
        Vec focal = position == null ? centre : centre.plus(axis.times(position[0] - centre.dot(axis)));
        return new Mpr(focal, right, down, slab, projection);
    }

    private static Plane plane(Args args) {
        return switch (args.get("plane", "axial")) {
            case "axial" -> Plane.AXIAL;
            case "coronal" -> Plane.CORONAL;
            case "sagittal" -> Plane.SAGITTAL;
            default -> throw new Args.UsageException("--plane must be axial, coronal or sagittal");
        };
    }

    private static String fmt3(Vec v) {
        return String.format(java.util.Locale.ROOT, "%.3g,%.3g,%.3g", v.x(), v.y(), v.z());
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static List<Path> filesUnder(Path p) throws IOException {
        if (!Files.isDirectory(p)) return List.of(p);
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
