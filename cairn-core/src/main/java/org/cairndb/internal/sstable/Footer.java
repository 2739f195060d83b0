package org.cairndb.internal.sstable;

import org.cairndb.CorruptionException;
import org.cairndb.internal.util.Checksums;
import org.cairndb.internal.util.Coding;

/**
 * The fixed 72-byte footer that ends every table (layout in {@link TableFormat}): handles of the
 * index, filter and properties blocks, the file number, the format version, a checksum and the
 * magic number. Immutable value.
 */
record Footer(BlockHandle index, BlockHandle filter, BlockHandle properties, long fileNumber) {
  byte[] encode() {
    byte[] b = new byte[TableFormat.FOOTER_SIZE];
    Coding.putLong(b, 0, index.offset());
    Coding.putLong(b, 8, index.size());
    Coding.putLong(b, 16, filter.offset());
    Coding.putLong(b, 24, filter.size());
    Coding.putLong(b, 32, properties.offset());
    Coding.putLong(b, 40, properties.size());
    Coding.putLong(b, 48, fileNumber);
    Coding.putInt(b, 56, TableFormat.FORMAT_VERSION);
    Coding.putInt(b, 60, Checksums.mask(Checksums.crc32c(b, 0, 60)));
    Coding.putLong(b, 64, TableFormat.MAGIC);
    return b;
  }

  /**
   * Decodes and validates the footer {@code b} of a file of {@code fileSize} bytes that should be
   * table number {@code expectedFileNumber}.
   */
  static Footer decode(byte[] b, String fileName, long fileSize, long expectedFileNumber) {
    long at = fileSize - TableFormat.FOOTER_SIZE;
    if (Coding.getLong(b, 64) != TableFormat.MAGIC) {
      throw new CorruptionException(
          fileName, "bad magic number at offset " + (at + 64) + ": not a Cairn table");
    }
    int version = Coding.getInt(b, 56);
    if (version != TableFormat.FORMAT_VERSION) {
      throw new CorruptionException(
          fileName,
          "unsupported table format version "
              + Integer.toUnsignedString(version)
              + " at offset "
              + (at + 56)
              + "; this Cairn supports version "
              + TableFormat.FORMAT_VERSION);
    }
    int stored = Checksums.unmask(Coding.getInt(b, 60));
    if (stored != Checksums.crc32c(b, 0, 60)) {
      throw new CorruptionException(fileName, "footer checksum mismatch at offset " + at);
    }
    long fileNumber = Coding.getLong(b, 48);
    if (fileNumber != expectedFileNumber) {
      throw new CorruptionException(
          fileName,
          "footer at offset "
              + at
              + " names file number "
              + fileNumber
              + " but "
              + expectedFileNumber
              + " was expected: the file is misplaced");
    }
    BlockHandle index = handle(b, 0, "index", fileName, at, TableFormat.MAX_META_BLOCK_BYTES);
    BlockHandle filter = new BlockHandle(Coding.getLong(b, 16), Coding.getLong(b, 24));
    if (!filter.isNone()) {
      filter = handle(b, 16, "filter", fileName, at, TableFormat.MAX_META_BLOCK_BYTES);
    }
    BlockHandle props = handle(b, 32, "properties", fileName, at, TableFormat.MAX_META_BLOCK_BYTES);
    return new Footer(index, filter, props, fileNumber);
  }

  /** Reads a handle at {@code b[off]} and checks block plus trailer lie in {@code [0, limit)}. */
  private static BlockHandle handle(
      byte[] b, int off, String what, String fileName, long limit, int maxSize) {
    long offset = Coding.getLong(b, off);
    long size = Coding.getLong(b, off + 8);
    if (offset < 0
        || size < 0
        || size > maxSize
        || offset > limit - TableFormat.BLOCK_TRAILER_SIZE - size) {
      throw new CorruptionException(
          fileName,
          what
              + " block handle (offset "
              + offset
              + ", size "
              + size
              + ") outside the file, in footer at offset "
              + limit);
    }
    return new BlockHandle(offset, size);
  }
}
