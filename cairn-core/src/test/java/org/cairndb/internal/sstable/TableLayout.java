package org.cairndb.internal.sstable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cairndb.internal.util.Checksums;
import org.cairndb.internal.util.Coding;

/** Test helper: the block handles of a valid (uncompressed-metadata) table file. */
final class TableLayout {
  final List<BlockHandle> dataBlocks = new ArrayList<>();
  final List<BlockHandle> metaBlocks = new ArrayList<>();

  TableLayout(byte[] file) {
    byte[] footer = Arrays.copyOfRange(file, file.length - TableFormat.FOOTER_SIZE, file.length);
    Footer f = Footer.decode(footer, "layout", file.length, Coding.getLong(footer, 48));
    metaBlocks.add(f.index());
    if (!f.filter().isNone()) {
      metaBlocks.add(f.filter());
    }
    metaBlocks.add(f.properties());
    byte[] idx = Arrays.copyOfRange(file, (int) f.index().offset(), (int) f.index().end());
    TableIndex index =
        TableIndex.decode(idx, (int) f.index().size(), file.length, "layout", f.index().offset());
    for (int i = 0; i < index.size(); i++) {
      dataBlocks.add(new BlockHandle(index.blockOffset(i), index.blockSize(i)));
    }
  }

  List<BlockHandle> allBlocks() {
    List<BlockHandle> all = new ArrayList<>(dataBlocks);
    all.addAll(metaBlocks);
    return all;
  }

  static int compressionOf(byte[] file, BlockHandle h) {
    return file[(int) (h.offset() + h.size())] & 0xFF;
  }

  /** Recomputes the trailer checksum of block {@code h} after its bytes were changed. */
  static void fixChecksum(byte[] file, BlockHandle h) {
    int off = (int) h.offset();
    int len = (int) h.size() + 1;
    Coding.putInt(file, off + len, Checksums.mask(Checksums.crc32c(file, off, len)));
  }
}
