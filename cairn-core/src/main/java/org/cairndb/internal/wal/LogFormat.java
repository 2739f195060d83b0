package org.cairndb.internal.wal;

import java.util.zip.CRC32C;
import org.cairndb.internal.util.Checksums;

/**
 * The physical log format shared by the write-ahead log and the manifest: constants, the byte
 * grammar, and the fragment checksum. {@link LogWriter} produces it, {@link LogReader} parses it.
 *
 * <h2>Layout</h2>
 *
 * A log file is a sequence of 32 KiB blocks; only the last block may be shorter. A logical record
 * (any byte string from 0 bytes up to {@link #MAX_RECORD_BYTES}) is cut into one or more
 * <em>fragments</em>. A fragment never crosses a block boundary, so every block that holds data
 * begins with a fragment header, which is what lets a reader find later data after damage.
 *
 * <pre>
 * log       := block* lastBlock?
 * block     := fragment* trailer          -- exactly 32768 bytes
 * lastBlock := fragment* trailer?         -- 1..32768 bytes, ends the file
 * trailer   := 0x00{1..6}                 -- only where fewer than 7 bytes remain in the block
 * fragment  := type:u8  length:u16le  crc:u32le  payload:byte[length]
 * type      := 1 FULL | 2 FIRST | 3 MIDDLE | 4 LAST   -- 0 is never written (unwritten space)
 * crc       := mask(crc32c(fileOffset:u64le || type || length || payload))
 * record    := FULL | FIRST MIDDLE* LAST
 * </pre>
 *
 * <ul>
 *   <li>Integers are little-endian. The header is 7 bytes: the type byte comes first, so a header
 *       never begins with a zero byte; a run of zero bytes where a fragment should start is
 *       therefore always unwritten (preallocated) space, never a damaged header.
 *   <li>A fragment's payload is at most {@code 32768 - 7 = 32761} bytes, which two length bytes
 *       hold; a record's own length is not stored anywhere, it is the sum of its fragments.
 *   <li>{@code fileOffset} is the absolute offset in the file of the fragment's type byte. Folding
 *       it into the checksum makes a fragment valid only at the position it was written for: a copy
 *       of log bytes stored inside a record payload (say, a value that is itself a log file) can
 *       never be mistaken for a real fragment when a reader searches damaged space for later data.
 *   <li>{@code mask} is the rotate-and-add of {@link Checksums#mask}, so that checksums of data
 *       that itself embeds checksums stay well distributed.
 *   <li>The writer emits a zero-length fragment where exactly 7 bytes remain in a block and the
 *       record is not empty (an empty {@code FIRST}); a reader accepts zero-length fragments of any
 *       type.
 *   <li>A log may be followed by any amount of zero bytes (preallocated or never-written space);
 *       they end the log cleanly as long as they begin at a record boundary.
 * </ul>
 *
 * <p>This class is stateless and thread-safe.
 */
public final class LogFormat {
  /** Size of a block; fragments never cross a multiple of this offset. */
  public static final int BLOCK_SIZE = 32 * 1024;

  /** Fragment header: type (1), payload length (2), masked checksum (4). */
  public static final int HEADER_SIZE = 7;

  /** The largest payload a single fragment can carry (a whole block minus its header). */
  public static final int MAX_FRAGMENT_PAYLOAD = BLOCK_SIZE - HEADER_SIZE;

  /**
   * Hard maximum size of one record (1 GiB), far above the engine's largest write batch. Writers
   * refuse larger records; readers treat a larger reassembled record as corruption.
   */
  public static final int MAX_RECORD_BYTES = 1 << 30;

  /** Never written: a zero type byte marks unwritten (zero-filled) space. */
  static final int TYPE_ZERO = 0;

  static final int TYPE_FULL = 1;
  static final int TYPE_FIRST = 2;
  static final int TYPE_MIDDLE = 3;
  static final int TYPE_LAST = 4;

  static final int LENGTH_OFFSET = 1;
  static final int CRC_OFFSET = 3;

  private LogFormat() {}

  /**
   * The masked checksum of the fragment whose header starts at {@code buf[start]} and whose payload
   * of {@code payloadLength} bytes follows it, written at {@code fileOffset} in the file. {@code
   * crc} is the caller's reusable checksum object (reset here).
   */
  static int checksum(CRC32C crc, long fileOffset, byte[] buf, int start, int payloadLength) {
    crc.reset();
    for (int shift = 0; shift < 64; shift += 8) {
      crc.update((int) (fileOffset >>> shift));
    }
    crc.update(buf, start, CRC_OFFSET); // type and length
    crc.update(buf, start + HEADER_SIZE, payloadLength);
    return Checksums.mask((int) crc.getValue());
  }

  /** The payload length stored in the header at {@code buf[start]}. */
  static int payloadLength(byte[] buf, int start) {
    return (buf[start + LENGTH_OFFSET] & 0xFF) | (buf[start + LENGTH_OFFSET + 1] & 0xFF) << 8;
  }
}
