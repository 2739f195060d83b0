package org.cairndb.internal.sstable;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import org.cairndb.CairnException;
import org.cairndb.Limits;
import org.cairndb.fs.WritableFile;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.ValueKind;
import org.cairndb.internal.util.Checksums;
import org.cairndb.internal.util.Coding;

/**
 * Writes one table file (format in {@link TableFormat}) from entries added in strictly increasing
 * internal-key order. Each block goes out with its trailer in a single {@link WritableFile#append}.
 *
 * <p>Not thread-safe; one owner. The caller owns {@code out}: the builder never syncs or closes it
 * (after {@link #finish} the caller syncs and closes; after {@link #abandon} it closes and deletes
 * the file). I/O errors surface as {@link CairnException}; after one the builder is unusable and
 * should be abandoned.
 */
public final class TableBuilder {
  private static final byte[] MAX_TRAILER = trailerBytes();

  private final WritableFile out;
  private final String fileName;
  private final long fileNumber;
  private final TableOptions opts;
  private final BlockBuilder dataBlock;
  private final BlockBuilder indexBlock = new BlockBuilder(1);
  private final BloomFilter.Builder filter;
  private final BlockCompression compression;

  private long offset;
  private byte[] lastKey = new byte[64];
  private int lastKeyLen = -1;
  private byte[] smallestKey;
  private boolean pendingIndexEntry;
  private long pendingOffset;
  private long pendingSize;
  private final byte[] handleBuf = new byte[20];

  private long entryCount;
  private long deletionCount;
  private long smallestSeq = Long.MAX_VALUE;
  private long largestSeq = 0;
  private long rawKeyBytes;
  private long rawValueBytes;
  private long dataBlockCount;
  private boolean closed;
  private TableProperties properties;

  /**
   * Starts a table in {@code out}, which must be empty. {@code fileName} is used in messages;
   * {@code fileNumber} is recorded in the footer so a misplaced copy is detected on open.
   */
  public TableBuilder(WritableFile out, String fileName, long fileNumber, TableOptions opts) {
    this.out = Objects.requireNonNull(out, "out");
    this.fileName = Objects.requireNonNull(fileName, "fileName");
    this.opts = Objects.requireNonNull(opts, "opts");
    this.fileNumber = fileNumber;
    if (out.size() != 0) {
      throw new IllegalArgumentException("table file " + fileName + " is not empty");
    }
    this.dataBlock = new BlockBuilder(opts.restartInterval());
    this.filter =
        opts.bloomBitsPerKey() > 0 ? new BloomFilter.Builder(opts.bloomBitsPerKey()) : null;
    this.compression = new BlockCompression(opts.compression());
  }

  /**
   * Adds an entry. {@code internalKey} must be a valid internal key (user key of at most {@link
   * Limits#MAX_KEY_BYTES}, kind PUT or DELETE) greater than every key added before; {@code value}
   * at most {@link Limits#MAX_VALUE_BYTES}. Violations throw {@link IllegalArgumentException} and
   * write nothing. Neither array is retained.
   */
  public void add(byte[] internalKey, byte[] value) {
    add(internalKey, value, 0, value.length);
  }

  /** As {@link #add(byte[], byte[])} with the value {@code value[valueOff, valueOff+valueLen)}. */
  public void add(byte[] internalKey, byte[] value, int valueOff, int valueLen) {
    Objects.checkFromIndexSize(valueOff, valueLen, value.length);
    checkOpen();
    int userLen = internalKey.length - InternalKey.TRAILER_BYTES;
    if (userLen < 0 || userLen > Limits.MAX_KEY_BYTES) {
      throw new IllegalArgumentException("bad internal key length " + internalKey.length);
    }
    if (valueLen > Limits.MAX_VALUE_BYTES) {
      throw new IllegalArgumentException("value of " + valueLen + " bytes too large");
    }
    long trailer = InternalKey.trailer(internalKey);
    int kind = (int) (trailer & 0xFF);
    if (kind != ValueKind.PUT && kind != ValueKind.DELETE) {
      throw new IllegalArgumentException("unsupported value kind " + kind);
    }
    boolean sameUserKey = false;
    if (lastKeyLen >= 0) {
      if (InternalKey.compare(lastKey, 0, lastKeyLen, internalKey, 0, internalKey.length) >= 0) {
        throw new IllegalArgumentException("keys must be added in strictly increasing order");
      }
      int lastUserLen = lastKeyLen - InternalKey.TRAILER_BYTES;
      sameUserKey = Arrays.equals(lastKey, 0, lastUserLen, internalKey, 0, userLen);
    } else {
      smallestKey = internalKey.clone();
    }
    if (pendingIndexEntry) {
      addIndexEntry(separator(lastKey, lastKeyLen, internalKey));
    }
    if (filter != null && !sameUserKey) {
      filter.addKey(internalKey, 0, userLen);
    }
    dataBlock.add(internalKey, value, valueOff, valueLen);

    if (lastKey.length < internalKey.length) {
      lastKey = new byte[Math.max(internalKey.length, 2 * lastKey.length)];
    }
    System.arraycopy(internalKey, 0, lastKey, 0, internalKey.length);
    lastKeyLen = internalKey.length;
    long seq = trailer >>> 8;
    smallestSeq = Math.min(smallestSeq, seq);
    largestSeq = Math.max(largestSeq, seq);
    entryCount++;
    if (kind == ValueKind.DELETE) {
      deletionCount++;
    }
    rawKeyBytes += internalKey.length;
    rawValueBytes += valueLen;

    if (dataBlock.currentSize() >= opts.blockSize()) {
      flushDataBlock();
    }
  }

  /** Entries added so far. */
  public long entryCount() {
    return entryCount;
  }

  /**
   * The file size so far plus what the buffered data block, index, filter, properties and footer
   * will add: an estimate while building (callers use it to cut tables), exact after {@link
   * #finish}.
   */
  public long fileSize() {
    if (closed) {
      return offset;
    }
    long estimate = offset + dataBlock.currentSize() + indexBlock.currentSize();
    if (filter != null) {
      estimate += filter.estimatedSize();
    }
    return estimate + 256 + 2L * lastKeyLen + TableFormat.FOOTER_SIZE;
  }

  /**
   * Writes the remaining data, the filter, index and properties blocks and the footer. Returns the
   * table's properties; {@link #fileSize()} is then the exact file size. Does not sync.
   */
  public TableProperties finish() {
    checkOpen();
    if (!dataBlock.isEmpty()) {
      flushDataBlock();
    }
    if (pendingIndexEntry) {
      addIndexEntry(successor(lastKey, lastKeyLen));
    }
    BlockHandle filterHandle = BlockHandle.NONE;
    if (filter != null && filter.keyCount() > 0) {
      byte[] f = filter.finish();
      byte[] withTrailer = Arrays.copyOf(f, f.length + TableFormat.BLOCK_TRAILER_SIZE);
      filterHandle = writeRaw(withTrailer, f.length);
    }
    int indexLen = indexBlock.finish();
    checkMetaSize(indexLen, "index");
    BlockHandle indexHandle = writeRaw(indexBlock.buffer(), indexLen);
    byte[] empty = new byte[0];
    TableProperties props =
        new TableProperties(
            entryCount == 0 ? empty : smallestKey,
            entryCount == 0 ? empty : Arrays.copyOf(lastKey, lastKeyLen),
            entryCount,
            deletionCount,
            entryCount == 0 ? 0 : smallestSeq,
            largestSeq,
            rawKeyBytes,
            rawValueBytes,
            dataBlockCount,
            System.currentTimeMillis(),
            fileNumber,
            TableFormat.FORMAT_VERSION,
            opts.compression());
    byte[] p = props.encode();
    checkMetaSize(p.length, "properties");
    BlockHandle propsHandle =
        writeRaw(Arrays.copyOf(p, p.length + TableFormat.BLOCK_TRAILER_SIZE), p.length);
    byte[] footer = new Footer(indexHandle, filterHandle, propsHandle, fileNumber).encode();
    append(footer, footer.length);
    closed = true;
    properties = props;
    return props;
  }

  /** Stops building; nothing more is written. The caller closes and deletes the file. */
  public void abandon() {
    closed = true;
  }

  /** The properties returned by {@link #finish}, or null before it. */
  public TableProperties properties() {
    return properties;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("table builder for " + fileName + " is closed");
    }
  }

  private static void checkMetaSize(long len, String what) {
    if (len > TableFormat.MAX_META_BLOCK_BYTES) {
      throw new IllegalStateException(what + " block too large (" + len + " bytes): cut tables");
    }
  }

  private void flushDataBlock() {
    int len = dataBlock.finish();
    byte[] buf = dataBlock.buffer();
    int stored = compression.compress(buf, len);
    BlockHandle h;
    if (stored >= 0) {
      h = write(compression.buffer(), stored, compression.compression().id());
    } else {
      h = writeRaw(buf, len);
    }
    dataBlock.reset();
    dataBlockCount++;
    pendingIndexEntry = true;
    pendingOffset = h.offset();
    pendingSize = h.size();
  }

  private void addIndexEntry(byte[] separator) {
    int p = Coding.putVarint(handleBuf, 0, pendingOffset);
    p = Coding.putVarint(handleBuf, p, pendingSize);
    indexBlock.add(separator, Arrays.copyOf(handleBuf, p));
    pendingIndexEntry = false;
  }

  private BlockHandle writeRaw(byte[] buf, int len) {
    return write(buf, len, 0);
  }

  /** Writes {@code buf[0, len)} plus its trailer, built in place in {@code buf[len, len + 5)}. */
  private BlockHandle write(byte[] buf, int len, int compressionId) {
    buf[len] = (byte) compressionId;
    Coding.putInt(buf, len + 1, Checksums.mask(Checksums.crc32c(buf, 0, len + 1)));
    BlockHandle h = new BlockHandle(offset, len);
    append(buf, len + TableFormat.BLOCK_TRAILER_SIZE);
    return h;
  }

  private void append(byte[] buf, int len) {
    try {
      out.append(buf, 0, len);
    } catch (IOException e) {
      closed = true;
      throw new CairnException("I/O error writing table " + fileName, e);
    }
    offset += len;
  }

  /**
   * A short internal key {@code s} with {@code last <= s < next} (both internal keys, {@code last <
   * next}): when the user keys differ past a common prefix, the shortest user key between them with
   * the trailer that sorts first for that user key; otherwise {@code last} itself.
   */
  static byte[] separator(byte[] last, int lastLen, byte[] next) {
    int aLen = lastLen - InternalKey.TRAILER_BYTES;
    int bLen = next.length - InternalKey.TRAILER_BYTES;
    int n = Math.min(aLen, bLen);
    int i = Arrays.mismatch(last, 0, n, next, 0, n);
    if (i >= 0) {
      int a = last[i] & 0xFF;
      int b = next[i] & 0xFF;
      int cut = -1;
      if (a + 1 < b) {
        cut = i;
      } else {
        // a + 1 == b: keep a's byte and bump a later byte of a that is not 0xFF.
        for (int j = i + 1; j < aLen; j++) {
          if (last[j] != (byte) 0xFF) {
            cut = j;
            break;
          }
        }
      }
      if (cut >= 0 && cut + 1 < aLen) {
        return shortened(last, cut);
      }
    }
    return Arrays.copyOf(last, lastLen);
  }

  /** A short internal key {@code >= last}: its user key with the first non-0xFF byte bumped. */
  static byte[] successor(byte[] last, int lastLen) {
    int aLen = lastLen - InternalKey.TRAILER_BYTES;
    for (int i = 0; i < aLen; i++) {
      if (last[i] != (byte) 0xFF) {
        if (i + 1 < aLen) {
          return shortened(last, i);
        }
        break;
      }
    }
    return Arrays.copyOf(last, lastLen);
  }

  /** {@code key[0, cut] } with byte {@code cut} incremented, plus the first-sorting trailer. */
  private static byte[] shortened(byte[] key, int cut) {
    byte[] s = new byte[cut + 1 + InternalKey.TRAILER_BYTES];
    System.arraycopy(key, 0, s, 0, cut + 1);
    s[cut]++;
    System.arraycopy(MAX_TRAILER, 0, s, cut + 1, InternalKey.TRAILER_BYTES);
    return s;
  }

  private static byte[] trailerBytes() {
    byte[] t = new byte[InternalKey.TRAILER_BYTES];
    Coding.putLong(t, 0, InternalKey.trailer(TableFormat.MAX_LOOKUP_SEQUENCE, ValueKind.MAX));
    return t;
  }
}
