package org.cairndb.internal.sstable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cairndb.Compression;
import org.cairndb.CorruptionException;
import org.cairndb.fs.MemVfs;
import org.cairndb.fs.ReadableFile;
import org.cairndb.fs.WritableFile;
import org.cairndb.internal.cache.BlockCache;
import org.cairndb.internal.iter.InternalIterator;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.ValueKind;
import org.cairndb.internal.util.Checksums;
import org.cairndb.internal.util.Coding;

/**
 * The SSTable fuzz targets and their seeds. Contract of every target: for any input, the decoders
 * return normally or throw {@link CorruptionException}; anything else (an index or buffer
 * exception, an out-of-memory error, an iterator that stops making progress) is a bug.
 *
 * <p>The table target can repair checksums before reading (first input byte odd): random bytes
 * almost never pass a CRC, so without this the fuzzer would never get past the footer. With it,
 * every structure behind the checksums (footer handles, index, properties, filter, compressed and
 * raw data blocks) is exposed to arbitrary bytes.
 */
final class SstableFuzzTargets {
  static final String NAME = "000001.sst";
  private static final Path DIR = Path.of("/fuzz");
  private static final int MAX_DECOMPRESSED = 1 << 20;

  private SstableFuzzTargets() {}

  // ------------------------------------------------------------------ block-level decoders

  /**
   * First byte picks the decoder: data block with iteration and lookups, index block, properties,
   * Bloom filter, or decompression (LZ4, ZSTD, Snappy) of the rest.
   */
  static void decoders(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int mode = input[0] & 0xFF;
    byte[] data = Arrays.copyOfRange(input, 1, input.length);
    try {
      switch (mode % 5) {
        case 0 -> block(data);
        case 1 -> index(data);
        case 2 -> TableProperties.decode(data, data.length, NAME, 0).smallestKey();
        case 3 -> BloomFilter.decode(data, data.length, NAME, 0).mayContain(data);
        default ->
            BlockCompression.decompress(
                1 + (mode / 5) % 3, data, data.length, MAX_DECOMPRESSED, NAME, 0);
      }
    } catch (CorruptionException expected) {
      // The one permitted outcome for damaged input.
    }
  }

  private static void block(byte[] data) {
    Block b = Block.decode(data, data.length, NAME, 0);
    List<byte[]> keys = new ArrayList<>();
    BlockIterator it = new BlockIterator(b);
    int steps = 0;
    for (it.seekToFirst(); it.isValid(); it.next()) {
      keys.add(it.key());
      it.value();
      progress(++steps, data.length);
    }
    steps = 0;
    for (it.seekToLast(); it.isValid(); it.prev()) {
      it.key();
      progress(++steps, data.length);
    }
    for (int i = 0; i < Math.min(keys.size(), 32); i++) {
      byte[] k = keys.get(i);
      it.seek(k);
      byte[] user = InternalKey.userKey(k);
      b.get(user, InternalKey.trailer(Math.min(InternalKey.sequence(k), 1L << 40), ValueKind.MAX));
    }
    it.seek(InternalKey.seekKey(data.length > 3 ? Arrays.copyOf(data, 3) : data, 1));
  }

  private static void index(byte[] data) {
    TableIndex idx = TableIndex.decode(data, data.length, 1L << 40, NAME, 0);
    for (int i = 0; i < idx.size(); i++) {
      idx.blockOffset(i);
      idx.blockSize(i);
    }
    idx.find(data.length > 2 ? Arrays.copyOf(data, 2) : data, 1L << 16);
    idx.find(InternalKey.seekKey(data, 5));
  }

  /** Fails when an iteration has taken more steps than the input has bytes. */
  private static void progress(int steps, int inputBytes) {
    if (steps > inputBytes + 1) {
      throw new AssertionError("iterator makes no progress after " + steps + " steps");
    }
  }

  // ------------------------------------------------------------------ whole tables

  /** Opens the input (after the mode byte) as table 1, iterates both ways and looks keys up. */
  static void table(byte[] input) {
    if (input.length == 0) {
      return;
    }
    byte[] file = Arrays.copyOfRange(input, 1, input.length);
    if ((input[0] & 1) != 0) {
      fixChecksums(file);
    }
    MemVfs vfs = new MemVfs();
    try {
      vfs.mkdirs(DIR);
      try (WritableFile w = vfs.create(DIR.resolve(NAME))) {
        w.append(file);
      }
      ReadableFile rf = vfs.open(DIR.resolve(NAME));
      TableReader reader;
      try {
        reader = TableReader.open(rf, NAME, 1, file.length, new BlockCache(1 << 16));
      } catch (CorruptionException e) {
        rf.close();
        return;
      }
      try (reader) {
        readAll(reader, file.length);
      } catch (CorruptionException expected) {
        // Damage found while reading blocks.
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void readAll(TableReader reader, int fileBytes) {
    List<byte[]> keys = new ArrayList<>();
    try (InternalIterator it = reader.iterator(true)) {
      int steps = 0;
      for (it.seekToFirst(); it.isValid(); it.next()) {
        keys.add(it.key());
        it.value();
        progress(++steps, fileBytes);
      }
      steps = 0;
      for (it.seekToLast(); it.isValid(); it.prev()) {
        progress(++steps, fileBytes);
      }
      for (int i = 0; i < Math.min(keys.size(), 64); i++) {
        it.seek(keys.get(i));
      }
    }
    for (int i = 0; i < Math.min(keys.size(), 64); i++) {
      byte[] user = InternalKey.userKey(keys.get(i));
      reader.get(user, Long.MAX_VALUE, true);
      reader.get(user, InternalKey.sequence(keys.get(i)), false);
    }
    reader.get(new byte[] {'k'}, 5, true);
    reader.properties().largestKey();
  }

  /**
   * Makes the footer, the blocks it names and the data blocks the index names pass their checksums
   * (as far as the structure can be found), so that fuzzing reaches the decoders behind them.
   */
  static void fixChecksums(byte[] t) {
    int f = t.length - TableFormat.FOOTER_SIZE;
    if (f < 0) {
      return;
    }
    Coding.putLong(t, f + 48, 1);
    Coding.putInt(t, f + 56, TableFormat.FORMAT_VERSION);
    Coding.putLong(t, f + 64, TableFormat.MAGIC);
    Coding.putInt(t, f + 60, Checksums.mask(Checksums.crc32c(t, f, 60)));
    for (int h = 0; h <= 32; h += 16) {
      fixBlock(t, Coding.getLong(t, f + h), Coding.getLong(t, f + h + 8), f);
    }
    long io = Coding.getLong(t, f);
    long is = Coding.getLong(t, f + 8);
    if (io < 0 || is < 0 || is > f || io > f - is) {
      return;
    }
    try {
      byte[] ib = Arrays.copyOfRange(t, (int) io, (int) (io + is));
      TableIndex idx = TableIndex.decode(ib, ib.length, f, NAME, io);
      for (int i = 0; i < idx.size(); i++) {
        fixBlock(t, idx.blockOffset(i), idx.blockSize(i), f);
      }
    } catch (CorruptionException e) {
      // No usable index: the data blocks keep their checksums as they are.
    }
  }

  private static void fixBlock(byte[] t, long off, long size, int limit) {
    if (off < 0
        || size < 0
        || size > limit
        || off > limit - TableFormat.BLOCK_TRAILER_SIZE - size) {
      return;
    }
    int o = (int) off;
    int s = (int) size;
    Coding.putInt(t, o + s + 1, Checksums.mask(Checksums.crc32c(t, o, s + 1)));
  }

  // ------------------------------------------------------------------ seeds

  /** Small valid tables: every codec, with and without filter, puts and tombstones. */
  static List<byte[]> tables() {
    List<byte[]> out = new ArrayList<>();
    int n = 0;
    for (Compression c : Compression.values()) {
      for (int bloom : new int[] {0, 10}) {
        out.add(buildTable(new TableOptions(64, 1 + n % 4, bloom, c), 6 + 7 * n));
        n++;
      }
    }
    out.add(buildTable(new TableOptions(4096, 16, 10, Compression.NONE), 0));
    return out;
  }

  static byte[] buildTable(TableOptions opts, int entries) {
    MemVfs vfs = new MemVfs();
    try {
      vfs.mkdirs(DIR);
      Path p = DIR.resolve(NAME);
      try (WritableFile w = vfs.create(p)) {
        TableBuilder b = new TableBuilder(w, NAME, 1, opts);
        for (int i = 0; i < entries; i++) {
          byte[] user = ("key" + (1000 + i * 7)).getBytes(StandardCharsets.UTF_8);
          int kind = i % 5 == 3 ? ValueKind.DELETE : ValueKind.PUT;
          byte[] value =
              kind == ValueKind.PUT
                  ? ("value-" + i + "-aaaaaaaaaaaaaaaa").getBytes(StandardCharsets.UTF_8)
                  : new byte[0];
          b.add(InternalKey.encode(user, 100 + i, kind), value);
        }
        b.finish();
      }
      return vfs.readAll(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The table seeds, each as a checksum-repairing input and as a plain one. */
  static List<byte[]> tableInputs() {
    List<byte[]> out = new ArrayList<>();
    for (byte[] t : tables()) {
      out.add(prefixed(1, t));
      out.add(prefixed(0, t));
    }
    return out;
  }

  /** Valid inputs of every decoder target, sliced out of the seed tables. */
  static List<byte[]> decoderInputs() {
    List<byte[]> out = new ArrayList<>();
    for (byte[] t : tables()) {
      int f = t.length - TableFormat.FOOTER_SIZE;
      long io = Coding.getLong(t, f);
      long is = Coding.getLong(t, f + 8);
      long fo = Coding.getLong(t, f + 16);
      long fs = Coding.getLong(t, f + 24);
      long po = Coding.getLong(t, f + 32);
      long ps = Coding.getLong(t, f + 40);
      byte[] index = Arrays.copyOfRange(t, (int) io, (int) (io + is));
      out.add(prefixed(1, index));
      out.add(prefixed(2, Arrays.copyOfRange(t, (int) po, (int) (po + ps))));
      if (fs > 0) {
        out.add(prefixed(3, Arrays.copyOfRange(t, (int) fo, (int) (fo + fs))));
      }
      TableIndex idx = TableIndex.decode(index, index.length, f, NAME, io);
      if (idx.size() > 0) {
        int o = (int) idx.blockOffset(0);
        int s = idx.blockSize(0);
        int type = t[o + s];
        byte[] stored = Arrays.copyOfRange(t, o, o + s);
        if (type == 0) {
          out.add(prefixed(0, stored));
        } else {
          // Mode 4 + 5 * (id - 1) selects the codec with that id.
          out.add(prefixed(4 + 5 * (type - 1), stored));
          out.add(
              prefixed(0, BlockCompression.decompress(type, stored, s, MAX_DECOMPRESSED, NAME, o)));
        }
      }
    }
    return out;
  }

  static byte[] prefixed(int mode, byte[] b) {
    byte[] out = new byte[b.length + 1];
    out[0] = (byte) mode;
    System.arraycopy(b, 0, out, 1, b.length);
    return out;
  }
}
