package org.cairndb.internal.sstable;

import java.io.EOFException;
import java.io.IOException;
import java.util.Objects;
import org.cairndb.CairnException;
import org.cairndb.CorruptionException;
import org.cairndb.fs.ReadableFile;
import org.cairndb.internal.cache.BlockCache;
import org.cairndb.internal.iter.InternalIterator;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.Lookup;
import org.cairndb.internal.key.ValueKind;
import org.cairndb.internal.util.Checksums;
import org.cairndb.internal.util.Coding;

/**
 * An open table file (format in {@link TableFormat}). {@link #open} reads and validates the footer,
 * index, filter and properties once and keeps index and filter in memory; data blocks are read on
 * demand with one positional read each (block plus trailer), checksum-verified before parsing or
 * decompression, and shared through an optional {@link BlockCache} keyed by (file number, block
 * offset).
 *
 * <p>Thread-safe: any number of threads may call {@link #get}, {@link #mayContain} and create
 * iterators at once (each iterator is single-threaded). On success the reader owns {@code file} and
 * closes it in {@link #close}; if {@link #open} throws, the file stays open and the caller closes
 * it. Damaged data surfaces as {@link CorruptionException} naming the file; other I/O failures as
 * {@link CairnException}.
 */
public final class TableReader implements AutoCloseable {
  private final ReadableFile file;
  private final String fileName;
  private final long fileNumber;
  private final long fileSize;
  private final BlockCache cache;
  private final TableIndex index;
  private final BloomFilter filter;
  private final long memoryBytes;
  private boolean released;
  private final TableProperties properties;

  private TableReader(
      ReadableFile file,
      String fileName,
      long fileNumber,
      long fileSize,
      BlockCache cache,
      TableIndex index,
      BloomFilter filter,
      TableProperties properties) {
    this.file = file;
    this.fileName = fileName;
    this.fileNumber = fileNumber;
    this.fileSize = fileSize;
    this.cache = cache;
    this.index = index;
    this.filter = filter;
    this.properties = properties;
    // Index and filter live as long as the reader: charge them to the cache's budget meanwhile.
    this.memoryBytes = 512L + index.memoryBytes() + (filter == null ? 0 : filter.memoryBytes());
    if (cache != null) {
      cache.reserve(memoryBytes);
    }
  }

  /** Heap bytes of the index and filter this reader keeps, charged to the block cache. */
  public long memoryBytes() {
    return memoryBytes;
  }

  /**
   * Opens table number {@code fileNumber} of {@code fileSize} bytes (the size the caller recorded
   * when the table was written). Throws {@link CorruptionException} naming {@code fileName} if the
   * file is too short, has a bad magic number, an unsupported format version, a footer naming
   * another file number (a misplaced file), or any damaged metadata.
   */
  public static TableReader open(
      ReadableFile file, String fileName, long fileNumber, long fileSize, BlockCache cacheOrNull) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(fileName, "fileName");
    if (fileSize < TableFormat.FOOTER_SIZE) {
      throw new CorruptionException(
          fileName,
          "file too short: "
              + fileSize
              + " bytes at offset 0, a table has at least "
              + TableFormat.FOOTER_SIZE);
    }
    long footerAt = fileSize - TableFormat.FOOTER_SIZE;
    byte[] fb = new byte[TableFormat.FOOTER_SIZE];
    read(file, fileName, footerAt, fb, fb.length);
    Footer footer = Footer.decode(fb, fileName, fileSize, fileNumber);

    BlockHandle ih = footer.index();
    Contents ic = readBlock(file, fileName, ih, false, null);
    TableIndex index = TableIndex.decode(ic.data(), ic.length(), footerAt, fileName, ih.offset());

    BloomFilter filter = null;
    BlockHandle fh = footer.filter();
    if (!fh.isNone()) {
      Contents f = readBlock(file, fileName, fh, false, null);
      filter = BloomFilter.decode(f.data(), f.length(), fileName, fh.offset());
    }

    BlockHandle ph = footer.properties();
    Contents p = readBlock(file, fileName, ph, false, null);
    TableProperties props = TableProperties.decode(p.data(), p.length(), fileName, ph.offset());
    if (props.fileNumber() != fileNumber
        || props.formatVersion() != TableFormat.FORMAT_VERSION
        || props.dataBlockCount() != index.size()
        || (props.entryCount() == 0) != (index.size() == 0)) {
      throw new CorruptionException(
          fileName, "properties block at offset " + ph.offset() + " disagree with footer or index");
    }
    return new TableReader(file, fileName, fileNumber, fileSize, cacheOrNull, index, filter, props);
  }

  /**
   * The newest entry for {@code userKey} with sequence {@code <= snapshotSeq}: its value (a fresh
   * array), {@link Lookup#DELETED} for a tombstone, or null if the table holds none. Checks the
   * Bloom filter, then reads at most one data block; allocates nothing but the returned value and,
   * on a cache miss, the block.
   */
  public byte[] get(byte[] userKey, long snapshotSeq, boolean fillCache) {
    return get(userKey, filter == null ? 0 : KeyHash.hash(userKey), snapshotSeq, fillCache);
  }

  /**
   * {@link #get(byte[], long, boolean)} with the key's {@link #keyHash} computed once by the
   * caller, for a lookup that probes several tables.
   */
  public byte[] get(byte[] userKey, long keyHash, long snapshotSeq, boolean fillCache) {
    if (filter != null && !filter.mayContainHash(keyHash)) {
      return null;
    }
    return getUnfiltered(userKey, snapshotSeq, fillCache);
  }

  /**
   * {@link #get(byte[], long, long, boolean)} without the Bloom filter probe, for a caller that
   * probed {@link #filterExcludes} itself (to count the filter's answers).
   */
  public byte[] getUnfiltered(byte[] userKey, long snapshotSeq, boolean fillCache) {
    if (snapshotSeq < 0) {
      return null;
    }
    long seq = Math.min(snapshotSeq, TableFormat.MAX_LOOKUP_SEQUENCE);
    long targetTrailer = InternalKey.trailer(seq, ValueKind.MAX);
    int i = index.find(userKey, targetTrailer);
    if (i >= index.size()) {
      return null;
    }
    // The block is done with before this thread's next lookup, so it may use the thread's buffer.
    Block b = dataBlock(i, fillCache, READ_BUFFER.get());
    try {
      return b.get(userKey, targetTrailer);
    } finally {
      b.unpin();
    }
  }

  /**
   * Per thread, the array of the last block a point lookup read and nobody kept: the next miss
   * reads into it. Random reads over data far larger than the cache read a block for most gets and
   * the cache turns most of them away; reusing the array keeps them from allocating a block each.
   */
  private static final ThreadLocal<byte[][]> READ_BUFFER =
      ThreadLocal.withInitial(() -> new byte[1][]);

  /** True if the table has a Bloom filter. */
  public boolean hasFilter() {
    return filter != null;
  }

  /** True when the Bloom filter proves the table holds no key with this {@link #keyHash}. */
  public boolean filterExcludes(long keyHash) {
    return filter != null && !filter.mayContainHash(keyHash);
  }

  /** False only if the table certainly holds no entry for {@code userKey} (Bloom filter). */
  public boolean mayContain(byte[] userKey) {
    return filter == null || filter.mayContain(userKey);
  }

  /** The filter hash of a user key (the same for every table of this format version). */
  public static long keyHash(byte[] userKey) {
    return KeyHash.hash(userKey);
  }

  /**
   * A two-level iterator over all entries (every version, tombstones included). {@code fillCache}
   * says whether blocks it reads are added to the cache (false for compactions and scans).
   */
  public InternalIterator iterator(boolean fillCache) {
    return new TableIterator(this, index, fillCache);
  }

  public TableProperties properties() {
    return properties;
  }

  public String fileName() {
    return fileName;
  }

  public long fileNumber() {
    return fileNumber;
  }

  public long fileSize() {
    return fileSize;
  }

  /** Closes the file. Cached blocks stay cached (see {@link BlockCache#evictFile}). */
  @Override
  public void close() {
    if (cache != null && !released) {
      released = true;
      cache.release(memoryBytes);
    }
    try {
      file.close();
    } catch (IOException e) {
      throw new CairnException("I/O error closing table " + fileName, e);
    }
  }

  /**
   * Data block {@code i}, pinned for the caller, who must {@link Block#unpin} it when done: from
   * the cache, or read (and cached when {@code fillCache}). A block that has to be read goes into
   * {@code scratch[0]} when that array is about the right size, and {@code scratch[0]} holds a
   * buffer for the next read again afterwards: the same one unless the cache kept the block in it,
   * then an array of an evicted block from the cache's pool, or null. So the caller must be done
   * with the block before it passes the same {@code scratch} again.
   */
  Block dataBlock(int i, boolean fillCache, byte[][] scratch) {
    long offset = index.blockOffset(i);
    if (cache != null) {
      Object cached = cache.get(fileNumber, offset);
      if (cached instanceof Block b) {
        return b;
      }
    }
    int size = index.blockSize(i);
    int need = size + TableFormat.BLOCK_TRAILER_SIZE;
    byte[] buf = scratch[0];
    if (buf == null || buf.length < need || buf.length > 2 * need) {
      // Close to the block's size (the cache charges the array's length), rounded up so that the
      // array can hold the next blocks too, which are about as large.
      buf = new byte[(need + READ_BUFFER_GRAIN - 1) & -READ_BUFFER_GRAIN];
    }
    scratch[0] = null; // taken until it is known that the cache does not keep it
    Contents c = readBlock(file, fileName, offset, size, true, buf);
    Block b = Block.decode(c.data(), c.length(), fileName, offset);
    boolean kept = cache != null && fillCache && cache.put(fileNumber, offset, b, b.charge());
    if (!kept || c.data() != buf) {
      scratch[0] = buf; // the cache does not hold it (or holds only the decompressed copy)
    } else {
      scratch[0] = cache.spare(need, 2 * need);
    }
    return b;
  }

  /** Read buffers are allocated in multiples of this many bytes (a power of two). */
  private static final int READ_BUFFER_GRAIN = 256;

  /** A block's verified, uncompressed contents: {@code data[0, length)}. */
  private static final class Contents {
    private final byte[] data;
    private final int length;

    Contents(byte[] data, int length) {
      this.data = data;
      this.length = length;
    }

    byte[] data() {
      return data;
    }

    int length() {
      return length;
    }
  }

  /**
   * Reads block {@code h} with its trailer (into {@code into} when it is large enough, else a new
   * array), verifies the checksum, then decompresses. An uncompressed block stays in its read
   * buffer (the trailer bytes after it are ignored); a compressed one (data blocks only) is decoded
   * into an exactly sized array of at most {@link TableFormat#MAX_BLOCK_BYTES}.
   */
  private static Contents readBlock(
      ReadableFile file, String fileName, BlockHandle h, boolean mayBeCompressed, byte[] into) {
    return readBlock(file, fileName, h.offset(), (int) h.size(), mayBeCompressed, into);
  }

  /** As above for the block of {@code size} bytes at {@code offset} (no handle to allocate). */
  private static Contents readBlock(
      ReadableFile file,
      String fileName,
      long offset,
      int size,
      boolean mayBeCompressed,
      byte[] into) {
    int need = size + TableFormat.BLOCK_TRAILER_SIZE;
    byte[] buf = into != null && into.length >= need ? into : new byte[need];
    read(file, fileName, offset, buf, need);
    int type = buf[size] & 0xFF;
    int expected = Checksums.unmask(Coding.getInt(buf, size + 1));
    if (Checksums.crc32c(buf, 0, size + 1) != expected) {
      throw new CorruptionException(
          fileName, "block checksum mismatch at offset " + offset + " (size " + size + ")");
    }
    if (type == 0) {
      return new Contents(buf, size);
    }
    if (!mayBeCompressed) {
      throw new CorruptionException(
          fileName, "metadata block at offset " + offset + " has compression id " + type);
    }
    byte[] out =
        BlockCompression.decompress(type, buf, size, TableFormat.MAX_BLOCK_BYTES, fileName, offset);
    return new Contents(out, out.length);
  }

  private static void read(ReadableFile file, String fileName, long pos, byte[] dst, int len) {
    try {
      file.readFully(pos, dst, 0, len);
    } catch (EOFException e) {
      throw new CorruptionException(
          fileName, "file truncated: cannot read " + len + " bytes at offset " + pos, e);
    } catch (IOException e) {
      throw new CairnException("I/O error reading table " + fileName + " at offset " + pos, e);
    }
  }
}
