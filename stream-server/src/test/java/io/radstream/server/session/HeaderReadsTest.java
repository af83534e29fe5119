package io.radstream.server.session;

import io.radstream.render.CpuRenderer;
import io.radstream.render.Frame;
import io.radstream.render.ViewState;
import io.radstream.volume.phantom.CtPhantom;
import io.radstream.volume.store.Importer;
import io.radstream.volume.store.StudyIndex;
import io.radstream.volume.store.StudyStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The index says which headers hold overlays, shutters or palettes, so opening and scrolling a
 * plain study reads no header (it once cost every first frame a file parse); an image with a
 * shutter (added by dcmodify) is still read and its shutter drawn.
 */
class HeaderReadsTest {

    @Test
    void plainImagesAreNeverReadAgainAndAShutteredOneIs(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/dcmodify")), "dcmodify not installed: apt-get install dcmtk");
        CtPhantom.PhantomSeries ct = CtPhantom.write(CtPhantom.Spec.defaults(6).withMatrix(64, 64), dir.resolve("ct"));
        Path shuttered = ct.files().get(2); // volume slice 2 (slices go up from the feet)
        Process p = new ProcessBuilder("dcmodify", "-nb", "-i", "(0018,1600)=RECTANGULAR", "-i", "(0018,1602)=16",
                "-i", "(0018,1604)=48", "-i", "(0018,1606)=16", "-i", "(0018,1608)=48", shuttered.toString())
                .redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), said);
        try (StudyIndex index = StudyIndex.open(StudyStore.open(dir.resolve("data")))) {
            assertTrue(new Importer(index).importPaths(List.of(dir.resolve("ct"))).errors().isEmpty());
            String series = index.seriesOf(index.listStudies().getFirst().studyInstanceUid()).getFirst().seriesInstanceUid();
            assertEquals(5, index.graphicsOf(series).values().stream().filter(g -> !g).count(), "five plain headers");
            assertEquals(1, index.graphicsOf(series).values().stream().filter(g -> g).count(), "one with a shutter");

            StudyVolumes volumes = new StudyVolumes(index, 1, Long.MAX_VALUE);
            StudyVolumes.Opened opened = volumes.open(index.listStudies().getFirst()).get();
            opened.load().done().join();
            var renderer = opened.display().renderer(new CpuRenderer());
            for (int k = 0; k < 6; k++) {
                if (k == 2) continue;
                renderer.render(new ViewState(k, 40, 400, 1, 0, 0, 64, 64), opened.volume());
            }
            assertEquals(0, opened.display().headersRead.get(), "no header read for plain images");
            Frame f = renderer.render(new ViewState(2, 40, 400, 1, 0, 0, 64, 64), opened.volume());
            assertEquals(1, opened.display().headersRead.get(), "the shuttered image's header is read");
            // column 8 lies left of the shutter (columns 16..48) but inside the body: black only where shuttered
            Frame neighbour = renderer.render(new ViewState(3, 40, 400, 1, 0, 0, 64, 64), opened.volume());
            assertTrue(neighbour.at(8, 32) > 0, "body tissue at column 8 of an unshuttered slice");
            assertEquals(0, f.at(8, 32), "outside the rectangular shutter: black");
            assertEquals(neighbour.at(32, 32) > 0, f.at(32, 32) > 0, "inside the shutter the image shows");
            opened.volume().release();
        }
    }
}
