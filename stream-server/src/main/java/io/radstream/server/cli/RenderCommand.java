package io.radstream.server.cli;

import io.radstream.render.CpuRenderer;
import io.radstream.render.Frame;
import io.radstream.render.ViewState;
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
 * {@code radstream render PATH --index N [--window C,W] [--size WxH] --out F.png}: one native slice
 * through the same renderer and PNG encoder the server uses. PATH is a series folder or files;
 * N counts from 1 in slice order along the normal (as the viewer's "slice n/N").
 */
final class RenderCommand {
    static final String USAGE = "render PATH... --index N [--window C,W] [--size WxH] --out F.png   one slice to PNG (N from 1)";

    static int run(String[] argv, PrintStream out) throws Exception {
        Args args = new Args(argv, 1, Set.of("index", "window", "size", "out"), Set.of());
        if (args.positional().isEmpty()) throw new Args.UsageException("render needs a PATH");
        Path target = Path.of(args.require("out"));
        List<Path> files = new ArrayList<>();
        for (String p : args.positional()) files.addAll(filesUnder(Path.of(p)));
        try (VolumeLoader loader = new VolumeLoader()) {
            Volume volume = SeriesFiles.load(files, loader);
            try {
                int index = args.getInt("index", volume.slices() / 2 + 1);
                if (index < 1 || index > volume.slices()) {
                    throw new Args.UsageException("--index must be 1.." + volume.slices() + ", got " + index);
                }
                double[] window = args.getDoubles("window", 2);
                if (window == null) window = volume.defaultWindow();
                if (window == null) window = new double[]{40, 400};
                double[] size = args.getDoubles("size", 2);
                int w = size == null ? volume.columns() : (int) size[0];
                int h = size == null ? volume.rows() : (int) size[1];
                Frame frame = new CpuRenderer().render(new ViewState(index - 1, window[0], window[1], 1, 0, 0, w, h), volume);
                Files.write(target, new PngEncoder(6).encodeGray(frame.width(), frame.height(), frame.gray()));
                out.printf("slice %d/%d, window %s/%s, %dx%d -> %s%n", index, volume.slices(), fmt(window[0]), fmt(window[1]),
                        w, h, target);
            } finally {
                volume.release();
            }
        }
        return 0;
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
