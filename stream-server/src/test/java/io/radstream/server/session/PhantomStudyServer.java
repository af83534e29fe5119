package io.radstream.server.session;

import io.radstream.server.RadstreamServer;
import io.radstream.server.ServerConfig;
import io.radstream.volume.phantom.CtPhantom;
import io.radstream.volume.store.Importer;
import io.radstream.volume.store.StudyIndex;
import io.radstream.volume.store.StudyStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A phantom CT study written as DICOM files, imported into a fresh index and served by a real
 * server on a free loopback port: the set-up of the session tests that need nothing else.
 */
final class PhantomStudyServer implements AutoCloseable {
    final StudyIndex index;
    final RadstreamServer server;
    final String studyKey;

    private PhantomStudyServer(StudyIndex index, RadstreamServer server, String studyKey) {
        this.index = index;
        this.server = server;
        this.studyKey = studyKey;
    }

    /** {@code slices} slices of {@code size}² pixels, in a temporary folder named after {@code name}. */
    static PhantomStudyServer start(String name, int slices, int size) throws Exception {
        Path dir = Files.createTempDirectory("radstream-" + name);
        CtPhantom.write(CtPhantom.Spec.defaults(slices).withMatrix(size, size), dir.resolve("ct"));
        StudyIndex index = StudyIndex.open(StudyStore.open(dir.resolve("data")));
        assertTrue(new Importer(index).importPaths(List.of(dir.resolve("ct"))).errors().isEmpty(), "the phantom imports");
        String key = index.listStudies().getFirst().studyKey();
        return new PhantomStudyServer(index, RadstreamServer.start(ServerConfig.defaults().withPort(0).withBindAddress("127.0.0.1"), index), key);
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        index.close();
    }
}
