package io.radstream.volume.dicom;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A parsed DICOM object: File Meta Information, data set, its transfer syntax, and the open source
 * its bulk data (pixel data) is read from. Close it when done.
 *
 * @param path     the file, or {@code null} for bytes in memory
 * @param fileMeta group 0002 (empty for a bare data set)
 * @param dataSet  everything after it
 * @param transferSyntax the encoding of {@code dataSet}
 * @param source   where {@link DicomValue.BulkData} positions point: the file, or the inflated bytes
 */
public record DicomFile(Path path, Attributes fileMeta, Attributes dataSet, TransferSyntax transferSyntax,
                        DicomInput source) implements Closeable {

    public byte[] read(DicomValue.BulkData bulk) throws IOException {
        return source.read(bulk);
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
