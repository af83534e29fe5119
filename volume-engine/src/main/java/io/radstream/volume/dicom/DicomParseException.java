package io.radstream.volume.dicom;

/**
 * A data set that cannot be read. Always names the byte offset (in the file, or in the inflated
 * data set of a deflated transfer syntax) and the reason, so that a PACS administrator can find the
 * broken element with a hex viewer.
 */
public class DicomParseException extends Exception {
    private final long offset;
    private final String reason;

    public DicomParseException(long offset, String reason) {
        super("at offset " + offset + ": " + reason);
        this.offset = offset;
        this.reason = reason;
    }

    public DicomParseException(long offset, String reason, Throwable cause) {
        this(offset, reason);
        initCause(cause);
    }

    public long offset() { return offset; }

    public String reason() { return reason; }
}
