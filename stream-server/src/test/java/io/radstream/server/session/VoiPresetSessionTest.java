package io.radstream.server.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.radstream.server.RadstreamServer;
import io.radstream.server.ServerConfig;
import io.radstream.server.client.ViewerClient;
import io.radstream.volume.phantom.CtPhantom;
import io.radstream.volume.store.Importer;
import io.radstream.volume.store.StudyIndex;
import io.radstream.volume.store.StudyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A study opens at its data's first VOI preset, {@code {kind:"voi"}} steps through the presets and a
 * W/L drag leaves them for a user window; the state says which, and a lossless frame follows each.
 * The phantom CT carries two windows, SOFT TISSUE 40/400 and LUNG −600/1500.
 */
class VoiPresetSessionTest {

    @Test
    void opensAtTheFirstPresetCyclesAndLeavesOnDrag(@TempDir Path dir) throws Exception {
        CtPhantom.write(CtPhantom.Spec.defaults(4).withMatrix(64, 64), dir.resolve("ct"));
        try (StudyIndex index = StudyIndex.open(StudyStore.open(dir.resolve("data")))) {
            assertTrue(new Importer(index).importPaths(List.of(dir.resolve("ct"))).errors().isEmpty());
            try (RadstreamServer server = RadstreamServer.start(ServerConfig.defaults().withPort(0).withBindAddress("127.0.0.1"), index);
                 ViewerClient c = ViewerClient.open(server.port(), index.listStudies().getFirst().studyKey(), 64, 64, true, true)) {
                JsonNode first = awaitState(c, s -> true);
                assertEquals("SOFT TISSUE", first.path("voi").asText(), first.toString()); // the explanation, from the index
                assertEquals(40, first.path("windowCenter").asDouble());
                assertEquals(400, first.path("windowWidth").asDouble());
                assertTrue(first.has("colour") && !first.path("colour").asBoolean(), "a gray study says so: " + first);
                c.awaitFrame(ViewerClient.FrameInfo::lossless, 20_000);

                c.send("{\"type\":\"input\",\"kind\":\"voi\"}");
                JsonNode lung = awaitState(c, s -> s.path("seq").asInt() == 1);
                assertEquals("LUNG", lung.path("voi").asText());
                assertEquals(-600, lung.path("windowCenter").asDouble());
                assertEquals(1500, lung.path("windowWidth").asDouble());
                c.awaitFrame(f -> f.lossless() && f.seq() >= 1, 10_000);

                c.send("{\"type\":\"input\",\"kind\":\"voi\"}"); // round the list
                assertEquals("SOFT TISSUE", awaitState(c, s -> s.path("seq").asInt() == 2).path("voi").asText());

                c.drag("windowLevel", 10, 0);
                JsonNode user = awaitState(c, s -> s.path("seq").asInt() == 3);
                assertEquals("user", user.path("voi").asText());
                assertTrue(user.path("windowWidth").asDouble() > 400, "the drag starts from the preset's window: " + user);
                c.awaitFrame(f -> f.lossless() && f.seq() >= 3, 10_000);
            }
        }
    }

    /** In the linked 1x3 layout the panes share window/level, so a VOI preset chosen in one applies to all three. */
    @Test
    void linkedPanesShareTheVoiPreset(@TempDir Path dir) throws Exception {
        CtPhantom.write(CtPhantom.Spec.defaults(8).withMatrix(64, 64), dir.resolve("ct"));
        try (StudyIndex index = StudyIndex.open(StudyStore.open(dir.resolve("data")))) {
            assertTrue(new Importer(index).importPaths(List.of(dir.resolve("ct"))).errors().isEmpty());
            try (RadstreamServer server = RadstreamServer.start(ServerConfig.defaults().withPort(0).withBindAddress("127.0.0.1"), index);
                 ViewerClient c = ViewerClient.openLayout(server.port(), index.listStudies().getFirst().studyKey(), 96, 96, "1x3")) {
                for (int v = 0; v < 3; v++) {
                    int viewport = v;
                    assertEquals("SOFT TISSUE", awaitState(c, s -> s.path("viewport").asInt() == viewport).path("voi").asText());
                }
                c.send("{\"type\":\"input\",\"kind\":\"voi\",\"viewport\":1}");
                for (int v = 0; v < 3; v++) {
                    int viewport = v;
                    JsonNode s = awaitState(c, t -> t.path("viewport").asInt() == viewport && "LUNG".equals(t.path("voi").asText()));
                    assertEquals(-600, s.path("windowCenter").asDouble(), "viewport " + v);
                }
            }
        }
    }

    private static JsonNode awaitState(ViewerClient c, Predicate<JsonNode> p) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            for (JsonNode t : c.texts) if (t.path("type").asText().equals("state") && p.test(t)) return t;
            Thread.sleep(20);
        }
        throw new AssertionError("no such state: " + c.texts);
    }
}
