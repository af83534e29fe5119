package io.radstream.volume.dicom;

import java.util.List;

/**
 * The value of a data element: a closed hierarchy, so code that interprets values uses an
 * exhaustive switch.
 */
public sealed interface DicomValue permits DicomValue.Inline, DicomValue.BulkData, DicomValue.Sequence,
        DicomValue.Fragments {

    /** Bytes read with the header: small values, in the data set's byte order. */
    record Inline(byte[] bytes) implements DicomValue {}

    /**
     * A value left in its source and read on demand (pixel data, large binary values): position and
     * length within the data set's {@link DicomInput}.
     */
    record BulkData(long offset, long length) implements DicomValue {
        public BulkData {
            if (offset < 0 || length < 0) throw new IllegalArgumentException("negative bulk data range");
        }
    }

    /** A sequence of items (PS3.5 §7.5), each a data set of its own. */
    record Sequence(List<Attributes> items) implements DicomValue {
        public Sequence {
            items = List.copyOf(items);
        }
    }

    /**
     * Encapsulated pixel data (PS3.5 §A.4): the Basic Offset Table (first item, possibly empty)
     * and the fragments that follow, all left in the source.
     */
    record Fragments(BulkData offsetTable, List<BulkData> fragments) implements DicomValue {
        public Fragments {
            fragments = List.copyOf(fragments);
        }
    }
}
