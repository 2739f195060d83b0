package org.cairndb.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import org.cairndb.CorruptionException;
import org.cairndb.fs.NioVfs;
import org.cairndb.fs.ReadableFile;
import org.cairndb.internal.iter.InternalIterator;
import org.cairndb.internal.sstable.TableProperties;
import org.cairndb.internal.sstable.TableReader;
import org.cairndb.internal.util.Coding;
import org.cairndb.internal.util.DecodeException;

/**
 * {@code cairn dump sst FILE}: prints a table's footer, properties, index entries and every entry.
 * The table is first opened by the engine's reader, which checks the footer, every metadata block
 * checksum and the properties; only then are the footer and index bytes decoded here for display.
 * Stateless.
 */
final class SstDump {
  private static final int FOOTER_SIZE = 72;
  private static final int BLOCK_TRAILER_SIZE = 5;

  private SstDump() {}

  static void dump(Path path, ByteFormat f, PrintStream out) throws IOException {
    String name = path.getFileName().toString();
    try (ReadableFile file = NioVfs.get().open(path)) {
      long size = file.size();
      byte[] footer = new byte[FOOTER_SIZE];
      long number = 0;
      if (size >= FOOTER_SIZE) {
        file.readFully(size - FOOTER_SIZE, footer, 0, FOOTER_SIZE);
        number = Coding.getLong(footer, 48);
      }
      // The footer's own number is used so a renamed or copied table can be dumped too.
      TableReader table = TableReader.open(file, name, number, size, null);
      out.printf("file %s (%d bytes)%n", name, size);
      out.println("footer:");
      out.printf(
          "  index block       offset %d size %d%n",
          Coding.getLong(footer, 0), Coding.getLong(footer, 8));
      long filterSize = Coding.getLong(footer, 24);
      out.printf(
          "  filter block      %s%n",
          filterSize == 0
              ? "none"
              : "offset " + Coding.getLong(footer, 16) + " size " + filterSize);
      out.printf(
          "  properties block  offset %d size %d%n",
          Coding.getLong(footer, 32), Coding.getLong(footer, 40));
      out.printf("  file number       %d%n", number);
      out.printf("  format version    %d%n", Coding.getInt(footer, 56));
      out.printf("  checksum          %08x (masked CRC32C, verified)%n", Coding.getInt(footer, 60));
      out.printf("  magic             %016x%n", Coding.getLong(footer, 64));
      properties(table.properties(), f, out);
      index(file, name, Coding.getLong(footer, 0), Coding.getLong(footer, 8), f, out);
      entries(table, f, out);
    }
  }

  private static void properties(TableProperties p, ByteFormat f, PrintStream out) {
    out.println("properties:");
    out.printf("  smallest key      %s%n", InternalKeys.show(f, p.smallestKey()));
    out.printf("  largest key       %s%n", InternalKeys.show(f, p.largestKey()));
    out.printf("  entries           %d%n", p.entryCount());
    out.printf("  deletions         %d%n", p.deletionCount());
    out.printf("  sequences         %d..%d%n", p.smallestSequence(), p.largestSequence());
    out.printf("  raw key bytes     %d%n", p.rawKeyBytes());
    out.printf("  raw value bytes   %d%n", p.rawValueBytes());
    out.printf("  data blocks       %d%n", p.dataBlockCount());
    out.printf("  created           %s%n", Instant.ofEpochMilli(p.creationTimeMillis()));
    out.printf("  file number       %d%n", p.fileNumber());
    out.printf("  format version    %d%n", p.formatVersion());
    out.printf("  compression       %s%n", p.compression());
  }

  /**
   * Prints the index block's entries: separator key and data block handle. The reader verified the
   * block's checksum and structure when it opened the table; every length is still checked here.
   */
  private static void index(
      ReadableFile file, String name, long offset, long size, ByteFormat f, PrintStream out)
      throws IOException {
    if (size < 4 || size > Integer.MAX_VALUE - BLOCK_TRAILER_SIZE) {
      throw new CorruptionException(name, "index block size " + size + " out of range");
    }
    byte[] b = new byte[(int) size];
    file.readFully(offset, b, 0, b.length);
    out.println("index:");
    try {
      int restarts = Coding.getInt(b, b.length - 4);
      long limit = b.length - 4 - 4L * restarts;
      if (restarts < 0 || limit < 0) {
        throw new DecodeException("restart count " + restarts + " overruns the block");
      }
      int[] pos = {0};
      int i = 0;
      while (pos[0] < limit) {
        int shared = Coding.getVarint32(b, pos, (int) limit);
        int unshared = Coding.getVarint32(b, pos, (int) limit);
        int valueLen = Coding.getVarint32(b, pos, (int) limit);
        int keyAt = pos[0];
        if (shared != 0 || unshared > limit - keyAt || valueLen > limit - keyAt - unshared) {
          throw new DecodeException("index entry " + i + " overruns the block");
        }
        byte[] key = java.util.Arrays.copyOfRange(b, keyAt, keyAt + unshared);
        int[] vpos = {keyAt + unshared};
        int vend = vpos[0] + valueLen;
        long blockOffset = Coding.getVarint64(b, vpos, vend);
        long blockSize = Coding.getVarint64(b, vpos, vend);
        out.printf(
            "  #%d  %s  -> block offset %d size %d%n",
            i, InternalKeys.show(f, key), blockOffset, blockSize);
        pos[0] = vend;
        i++;
      }
    } catch (DecodeException e) {
      throw new CorruptionException(
          name, "index block at offset " + offset + ": " + e.getMessage(), e);
    }
  }

  private static void entries(TableReader table, ByteFormat f, PrintStream out) {
    out.println("entries:");
    long n = 0;
    try (InternalIterator it = table.iterator(false)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        out.printf("  %s => %s%n", InternalKeys.show(f, it.key()), f.show(it.value()));
        n++;
      }
    }
    out.printf("%d entries%n", n);
  }
}
