package org.cairndb.internal.sstable;

/**
 * The SSTable file format, version 1: constants plus the byte-level specification below. All
 * integers are little-endian; "varint" is an unsigned LEB128 varint (7 bits per byte, low group
 * first, high bit = more bytes follow); varint32 fields use at most 5 bytes and must fit in a
 * non-negative int, varint64 fields at most 10 bytes.
 *
 * <h2>File layout</h2>
 *
 * <pre>{@code
 * [data block 0][trailer] ... [data block N-1][trailer]
 * [filter block][trailer]        absent when the table has no filter
 * [index block][trailer]
 * [properties block][trailer]
 * [footer]                       72 bytes, always the last bytes of the file
 * }</pre>
 *
 * <h2>Block trailer (5 bytes, after every block)</h2>
 *
 * <pre>{@code
 * +0  u8      compression id (Compression.id(): 0 NONE, 1 LZ4, 2 ZSTD, 3 SNAPPY)
 * +1  fixed32 masked CRC32C of (the stored block bytes || the compression id byte)
 * }</pre>
 *
 * The mask is LevelDB's: {@code ((crc >>> 15 | crc << 17) + 0xa282ead8)} (see {@code Checksums}). A
 * block handle's size counts the stored block bytes only, not the trailer. The checksum is verified
 * before anything in the block is parsed or decompressed. When the compression id is not 0 the
 * stored bytes are {@code varint32 uncompressedLength || codec payload}, where the payload is a raw
 * LZ4 block, a Zstandard frame or a raw Snappy block; the uncompressed length is at most {@link
 * #MAX_BLOCK_BYTES} and decompression must produce exactly that many bytes. Only data blocks may be
 * compressed; the writer stores one uncompressed when compression does not save at least 12.5%.
 * Filter, index and properties blocks always have compression id 0 (anything else is corruption),
 * so their in-memory size is bounded by the file's.
 *
 * <h2>Data block (uncompressed contents)</h2>
 *
 * <pre>{@code
 * entry*                      in strictly increasing internal-key order
 * fixed32 restart[R]          byte offsets of restart entries, restart[0] = 0, strictly increasing,
 *                             each < the start of the restart array
 * fixed32 R                   number of restarts; 0 only for a block without entries
 *
 * entry:
 *   varint32 shared           bytes shared with the previous key's user key
 *   varint32 unshared         bytes of key that follow (>= 8)
 *   varint32 valueLength
 *   u8[unshared]              key[shared .. shared+unshared)
 *   u8[valueLength]           value
 * }</pre>
 *
 * Keys are internal keys ({@code userKey || fixed64 (sequence << 8 | kind)}, kind 0 = DELETE, 1 =
 * PUT). Prefix sharing never reaches into the 8-byte trailer: {@code shared} must not exceed the
 * user-key length of the previous key nor of this key, hence {@code unshared >= 8}. An entry at a
 * restart offset has {@code shared = 0}; a restart starts every {@code restartInterval} entries
 * (default 16). The writer closes a data block once its size (including the restart array) reaches
 * the block size option (default 4096 bytes), so one entry larger than the block size yields one
 * larger block; no data block exceeds {@link #MAX_BLOCK_BYTES}.
 *
 * <h2>Index block</h2>
 *
 * The data-block format with restart interval 1 (every entry is a restart, {@code shared = 0}, R =
 * number of entries), one entry per data block in file order. Key: an internal key {@code sep} with
 * {@code lastKey(block i) <= sep < firstKey(block i+1)}; for the last block {@code sep >= lastKey}.
 * The writer shortens separators where it can (the shortest user key strictly between the two
 * blocks' user keys; for the last block, the last user key with its first byte below 0xFF
 * incremented and the rest cut) and gives a shortened separator the trailer {@code
 * 0x7FFFFFFFFFFFFFFF} (sequence {@code 2^55 - 1}, kind 0xFF), which sorts before every real entry
 * of that user key; otherwise the separator is the block's last key itself. Separators are strictly
 * increasing. Value: {@code varint64 offset, varint64 size} of the data block (exactly filling the
 * value); data blocks are in file order and do not overlap.
 *
 * <h2>Filter block (cache-line-blocked Bloom filter over the table's distinct user keys)</h2>
 *
 * <pre>{@code
 * u8[64 * B]   bit array: B blocks of 512 bits; bit b of block j is bit (b & 7) of byte 64*j + (b >> 3)
 * u8           filter kind = 1 (blocked Bloom, key hash v1)
 * u8           probes k, 1..30
 * fixed32      B >= 1
 * }</pre>
 *
 * For a user key with 64-bit hash {@code h} (below): block {@code j = ((h >>> 32) * B) >>> 32};
 * {@code x = (int) h}; then k times: test/set bit {@code x >>> 23} (the top 9 bits) of block j and
 * set {@code x = x * 0x9E3779B9} (32-bit wrap-around). The writer uses {@code B = max(1, ceil(n *
 * bitsPerKey / 512))} for n distinct user keys and {@code k = clamp((3 * bitsPerKey + 2) / 5, 1,
 * 24)}.
 *
 * <p>Key hash v1 over bytes {@code k[0..n)}, all arithmetic on 64-bit wrap-around integers, {@code
 * rotl} a left rotation, {@code P1 = 0x9E3779B97F4A7C15}, {@code P2 = 0xC2B2AE3D27D4EB4F}, {@code
 * P3 = 0x165667B19E3779F9}:
 *
 * <pre>{@code
 * mix(w)  = rotl(w * P2, 31) * P1
 * h = P3 ^ (n * P1)
 * for each full 8-byte word w (little-endian) at offset 0, 8, ...:  h = rotl(h ^ mix(w), 27) * P1 + P3
 * if r = n % 8 > 0: w = the last r bytes as a little-endian integer (upper bytes 0);
 *                   h = rotl(h ^ mix(w), 27) * P1 + P3
 * h ^= h >>> 33; h *= 0xFF51AFD7ED558CCD; h ^= h >>> 33; h *= 0xC4CEB9FE1A85EC53; h ^= h >>> 33
 * }</pre>
 *
 * <h2>Properties block</h2>
 *
 * <pre>{@code
 * varint32 propertiesVersion = 1
 * varint32 count
 * count x { varint32 tag, varint32 length, u8[length] payload }     tags unique
 * }</pre>
 *
 * Unknown tags are skipped. Integer payloads are one varint64 filling the payload exactly. Tags: 1
 * smallest internal key (bytes), 2 largest internal key (bytes), 3 entry count, 4 deletion
 * (tombstone) count, 5 smallest sequence, 6 largest sequence, 7 raw key bytes (sum of internal key
 * lengths), 8 raw value bytes, 9 data block count, 10 creation time (ms since the epoch), 11 file
 * number, 12 format version, 13 compression id. All of 1..13 are required; the keys are empty for a
 * table without entries.
 *
 * <h2>Footer (72 bytes, at fileSize - 72)</h2>
 *
 * <pre>{@code
 *  0  fixed64  index offset        8  fixed64  index size
 * 16  fixed64  filter offset      24  fixed64  filter size       (0, 0 = no filter)
 * 32  fixed64  properties offset  40  fixed64  properties size
 * 48  fixed64  file number
 * 56  fixed32  format version = 1
 * 60  fixed32  masked CRC32C of footer bytes 0..59
 * 64  fixed64  magic 0x5453534E52494143 (the bytes "CAIRNSST")
 * }</pre>
 *
 * A reader checks, in order: the file is at least 72 bytes, the magic, the format version, the
 * footer checksum, the file number against the one the caller expects (a table copied over another
 * is "misplaced"), and that every block plus its trailer lies inside {@code [0, fileSize - 72)}.
 *
 * <p>This class only holds constants; it is stateless and thread-safe.
 */
final class TableFormat {
  /** The bytes "CAIRNSST" read as a little-endian fixed64. */
  static final long MAGIC = 0x5453534E52494143L;

  static final int FORMAT_VERSION = 1;

  /**
   * The largest sequence number a table lookup distinguishes, {@code 2^55 - 1}: the trailer {@code
   * seq << 8 | 0xFF} of a lookup target then stays a positive long, so it sorts the same whether
   * trailers are compared as signed or as unsigned 64-bit numbers. Larger snapshots are clamped to
   * it; real sequence numbers never come near.
   */
  static final long MAX_LOOKUP_SEQUENCE = (1L << 55) - 1;

  static final int FOOTER_SIZE = 72;
  static final int BLOCK_TRAILER_SIZE = 5;

  /**
   * Hard maximum of a data block, stored or uncompressed: the largest block option (4 MiB) plus one
   * maximal entry (1 MiB key + 8-byte trailer + 64 MiB value + 15 bytes of varints) fits well.
   */
  static final int MAX_BLOCK_BYTES = 80 << 20;

  /** Hard maximum of a filter, index or properties block. */
  static final int MAX_META_BLOCK_BYTES = 1 << 30;

  /** Largest accepted {@code blockSize} option. */
  static final int MAX_BLOCK_SIZE_OPTION = 4 << 20;

  static final int FILTER_KIND_BLOCKED_BLOOM = 1;
  static final int FILTER_TRAILER_BYTES = 6;
  static final int FILTER_MAX_PROBES = 30;

  static final int PROPERTIES_VERSION = 1;
  static final int PROP_SMALLEST_KEY = 1;
  static final int PROP_LARGEST_KEY = 2;
  static final int PROP_ENTRY_COUNT = 3;
  static final int PROP_DELETION_COUNT = 4;
  static final int PROP_SMALLEST_SEQ = 5;
  static final int PROP_LARGEST_SEQ = 6;
  static final int PROP_RAW_KEY_BYTES = 7;
  static final int PROP_RAW_VALUE_BYTES = 8;
  static final int PROP_DATA_BLOCK_COUNT = 9;
  static final int PROP_CREATION_TIME = 10;
  static final int PROP_FILE_NUMBER = 11;
  static final int PROP_FORMAT_VERSION = 12;
  static final int PROP_COMPRESSION = 13;
  static final int PROP_MAX_KNOWN = 13;

  private TableFormat() {}
}
