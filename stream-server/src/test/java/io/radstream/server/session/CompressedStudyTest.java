package io.radstream.server.session;

import io.radstream.server.RadstreamServer;
import io.radstream.server.ServerConfig;
import io.radstream.server.client.ViewerClient;
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
 * Compressed studies (made with GDCM) in viewer sessions: JPEG 2000 lossless streams like an
 * uncompressed study; a lossy-compressed source is flagged with a persistent notice.
 */
class CompressedStudyTest {

    @Test
    void jpeg2000SeriesStreamsLosslessFrames(@TempDir Path dir) throws Exception {
        Path j2k = transcode(dir, "-K");
        try (StudyIndex index = StudyIndex.open(StudyStore.open(dir.resolve("data")))) {
            assertTrue(new Importer(index).importPaths(List.of(j2k)).errors().isEmpty());
            assertEquals("1.2.840.10008.1.2.4.90",
                    index.instancesOf(index.seriesOf(index.listStudies().getFirst().studyInstanceUid()).getFirst()
                            .seriesInstanceUid()).getFirst().transferSyntaxUid());
            try (RadstreamServer server = RadstreamServer.start(ServerConfig.defaults().withPort(0).withBindAddress("127.0.0.1"), index);
                 ViewerClient c = ViewerClient.open(server.port(), index.listStudies().getFirst().studyKey(), 128, 128, true, true)) {
                assertTrue(c.awaitFrame(ViewerClient.FrameInfo::lossless, 20_000).lossless());
                c.wheel(1);
                c.awaitFrame(f -> f.seq() >= 1 && f.lossless(), 20_000);
                assertTrue(c.texts.stream().noneMatch(t -> t.path("type").asText().equals("error")), c.texts.toString());
                assertTrue(c.texts.stream().noneMatch(t -> t.path("type").asText().equals("notice")), "lossless source: no notice");
            }
        }
    }

    @Test
    void lossyCompressedSourceGetsAPersistentNotice(@TempDir Path dir) throws Exception {
        Path lossy = transcode(dir, "-K", "-Y", "-r", "10");
        try (StudyIndex index = StudyIndex.open(StudyStore.open(dir.resolve("data")))) {
            assertTrue(new Importer(index).importPaths(List.of(lossy)).errors().isEmpty());
            try (RadstreamServer server = RadstreamServer.start(ServerConfig.defaults().withPort(0).withBindAddress("127.0.0.1"), index);
                 ViewerClient c = ViewerClient.open(server.port(), index.listStudies().getFirst().studyKey(), 128, 128, true, true)) {
                c.awaitFrame(ViewerClient.FrameInfo::lossless, 20_000);
                String notice = c.texts.stream().filter(t -> t.path("type").asText().equals("notice"))
                        .map(t -> t.get("message").asText()).findFirst().orElse("");
                // gdcmconv states each slice's ratio (about 10): the notice carries it
                assertTrue(notice.contains("lossy-compressed") && notice.contains("JPEG 2000") && notice.matches(".*ratio 1\\d(\\.\\d)?:1.*"), notice);
            }
        }
    }

    /** A 6-slice phantom CT converted with {@code gdcmconv OPTIONS}. */
    private static Path transcode(Path dir, String... options) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/gdcmconv")), "gdcmconv not installed: apt-get install libgdcm-tools");
        CtPhantom.PhantomSeries raw = CtPhantom.write(CtPhantom.Spec.defaults(6).withMatrix(128, 128), dir.resolve("raw"));
        Path out = Files.createDirectories(dir.resolve("converted"));
        for (Path f : raw.files()) {
            List<String> cmd = new java.util.ArrayList<>(List.of("gdcmconv"));
            cmd.addAll(List.of(options));
            cmd.addAll(List.of(f.toString(), out.resolve(f.getFileName()).toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            assertEquals(0, p.waitFor(), String.join(" ", cmd));
        }
        return out;
    }
}
