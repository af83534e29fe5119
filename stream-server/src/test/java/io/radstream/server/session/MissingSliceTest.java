package io.radstream.server.session;

import io.radstream.server.RadstreamServer;
import io.radstream.server.ServerConfig;
import io.radstream.server.client.ViewerClient;
import io.radstream.volume.phantom.CtPhantom;
import io.radstream.volume.store.InstanceRecord;
import io.radstream.volume.store.Importer;
import io.radstream.volume.store.StudyIndex;
import io.radstream.volume.store.StudyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A slice whose stored file has gone missing after import: the study still opens, the other slices
 * show, and the viewer is told which slice could not be decoded instead of seeing a silent black image.
 */
class MissingSliceTest {

    @Test
    void aLostFileIsReportedAndTheRestOfTheStudyStillShows(@TempDir Path dir) throws Exception {
        CtPhantom.write(CtPhantom.Spec.defaults(6).withMatrix(64, 64), dir.resolve("ct"));
        try (StudyIndex index = StudyIndex.open(StudyStore.open(dir.resolve("data")))) {
            assertTrue(new Importer(index).importPaths(List.of(dir.resolve("ct"))).errors().isEmpty());
            String series = index.seriesOf(index.listStudies().getFirst().studyInstanceUid()).getFirst().seriesInstanceUid();
            // the phantom's slices run along +z: the highest instance number is the top of the stack (slice 6 of 6)
            InstanceRecord last = index.instancesOf(series).stream()
                    .max(java.util.Comparator.comparingInt(InstanceRecord::instanceNumber)).orElseThrow();
            Files.delete(last.file());
            try (RadstreamServer server = RadstreamServer.start(ServerConfig.defaults().withPort(0).withBindAddress("127.0.0.1"), index);
                 ViewerClient c = ViewerClient.open(server.port(), index.listStudies().getFirst().studyKey(), 64, 64, true, true)) {
                c.awaitFrame(ViewerClient.FrameInfo::lossless, 20_000);
                c.send("{\"type\":\"input\",\"kind\":\"key\",\"key\":\"End\"}");
                long deadline = System.currentTimeMillis() + 10_000;
                boolean reported = false;
                while (!reported && System.currentTimeMillis() < deadline) {
                    reported = c.texts.stream().anyMatch(t -> t.path("sliceError").asText().contains("slice 6"));
                    Thread.sleep(20);
                }
                assertTrue(reported, "the viewer is told slice 6 is missing: " + c.texts);
                c.awaitFrame(f -> f.lossless() && f.seq() >= 1, 10_000); // and frames keep coming
                c.send("{\"type\":\"input\",\"kind\":\"key\",\"key\":\"Home\"}");
                c.awaitFrame(f -> f.lossless() && f.seq() >= 2, 10_000);
            }
        }
    }
}
