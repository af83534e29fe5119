package io.radstream.server.cli;

import io.radstream.server.RadstreamServer;
import io.radstream.server.ServerConfig;
import io.radstream.volume.phantom.CtPhantom;
import io.radstream.volume.phantom.DbtPhantom;
import io.radstream.volume.phantom.PatientInfo;
import io.radstream.volume.store.ImportReport;
import io.radstream.volume.store.Importer;
import io.radstream.volume.store.StudyIndex;
import io.radstream.volume.store.StudyStore;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * {@code radstream serve [--data DIR] [--port N] [--bind ADDR] [--demo]}. With {@code --demo}, an
 * empty data directory is first filled with generated phantom studies, so a newcomer sees a study
 * without data of their own.
 */
final class ServeCommand {
    static final String USAGE = "serve [--data DIR] [--port N] [--bind ADDR] [--backend auto|cpu|gl|cuda] [--max-mbps N] [--demo]   start the viewer server (default port 8080)";

    static int run(String[] argv, PrintStream out) throws Exception {
        Args args = new Args(argv, 1, Set.of("data", "port", "bind", "backend", "max-mbps"), Set.of("demo"));
        Path data = Path.of(args.get("data", "data"));
        ServerConfig config = ServerConfig.defaults().withPort(args.getInt("port", 8080))
                .withBindAddress(args.get("bind", "0.0.0.0")).withBackend(args.get("backend", "auto"));
        double[] cap = args.getDoubles("max-mbps", 1);
        if (cap != null) config = config.withMaxInteractiveBitsPerSecond(cap[0] * 1e6);
        try (StudyIndex index = StudyIndex.open(StudyStore.open(data))) {
            if (args.flag("demo") && index.countStudies() == 0) addDemoStudies(index, data, out);
            try (RadstreamServer server = RadstreamServer.start(config, index)) {
                out.println("Radstream is serving " + index.countStudies() + " stud" + (index.countStudies() == 1 ? "y" : "ies")
                        + " from " + data.toAbsolutePath());
                out.println("Open http://localhost:" + server.port() + "/ in a browser (Ctrl-C stops the server).");
                out.flush();
                Runtime.getRuntime().addShutdownHook(new Thread(server::close));
                server.awaitClose();
            }
        }
        return 0;
    }

    /**
     * Four phantom studies: a chest/abdomen CT, a CT with non-square pixels and thick slices, an
     * arterial-phase CT angiogram with branching artery trees, and a breast tomosynthesis object (at a third of detector resolution, so the demo starts in seconds).
     */
    static void addDemoStudies(StudyIndex index, Path data, PrintStream out) throws IOException {
        Path incoming = data.resolve("demo-phantoms");
        out.println("Generating demo phantom studies in " + incoming.toAbsolutePath() + " ...");
        CtPhantom.Spec chest = CtPhantom.Spec.defaults(160);
        CtPhantom.Spec anisotropic = CtPhantom.Spec.defaults(80).withPixelSpacing(0.6, 0.9).withSliceSpacing(2.5)
                .withPatient(new PatientInfo("DEMO^ANISOTROPIC", "RS-DEMO-2", LocalDate.of(1961, 7, 14), "M"));
        CtPhantom.write(chest, incoming.resolve("chest"));
        CtPhantom.write(anisotropic, incoming.resolve("anisotropic"));
        // a CT angiogram from the pelvis to the lung hila (2 mm slices): for the full-volume MIP (key 5)
        CtPhantom.writeCta(CtPhantom.Spec.defaults(200).withSliceSpacing(2).withCentre(0, 0, -100), incoming.resolve("cta"));
        DbtPhantom.Spec full = DbtPhantom.Spec.defaults();
        DbtPhantom.write(full.withMatrix(full.rows() / 3, full.columns() / 3, full.frames() / 2), incoming.resolve("dbt"));
        ImportReport report = new Importer(index).importPaths(List.of(incoming));
        io.radstream.volume.series.OpenPlans.ensureAll(index); // the first open of each study reads its plan
        out.println("Imported " + report.imported() + " demo files" + (report.errors().isEmpty() ? "" : ", errors: " + report.errors()));
        if (!report.errors().isEmpty()) throw new IOException("demo import failed");
        // the store keeps its own copies
        try (var files = Files.walk(incoming)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
