package dev.toeless.vfs.sink;

/** A half-open range of file offsets {@code [startOffset, endOffset)}. */
public record ByteRange(long startOffset, long endOffset) {
    public ByteRange {
        if (startOffset < 0 || endOffset < startOffset) {
            throw new IllegalArgumentException("bad range [" + startOffset + ", " + endOffset + ")");
        }
    }

    public long lengthBytes() {
        return endOffset - startOffset;
    }

    @Override
    public String toString() {
        return "[" + startOffset + ", " + endOffset + ")";
    }
}
