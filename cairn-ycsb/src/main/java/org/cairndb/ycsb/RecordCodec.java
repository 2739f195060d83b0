package org.cairndb.ycsb;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;
import site.ycsb.ByteArrayByteIterator;
import site.ycsb.ByteIterator;

/**
 * The byte encoding of a YCSB record (a map from field name to value) stored as one database value.
 *
 * <p>Layout, all integers unsigned LEB128 varints of at most 5 bytes:
 *
 * <pre>
 *   version      1 byte, {@value #VERSION}
 *   fieldCount   varint
 *   fieldCount × { nameLength varint, name (UTF-8), valueLength varint, value bytes }
 *   crc          4 bytes, little-endian CRC32C of every byte before it
 * </pre>
 *
 * <p>The decoder checks the checksum first and then every length against the bytes that remain, so
 * damaged input is rejected with {@link DamagedRecordException} before any allocation sized by it.
 * Field names must be valid UTF-8 and distinct. Stateless and thread-safe.
 */
final class RecordCodec {
  static final int VERSION = 1;
  private static final int CRC_BYTES = 4;
  private static final int MIN_RECORD_BYTES = 1 + 1 + CRC_BYTES;

  private RecordCodec() {}

  /** Reads each YCSB value once into an array, keeping the map's order. */
  static Map<String, byte[]> materialize(Map<String, ByteIterator> values) {
    Map<String, byte[]> out = new LinkedHashMap<>(Math.max(4, values.size() * 2));
    for (Map.Entry<String, ByteIterator> e : values.entrySet()) {
      out.put(e.getKey(), e.getValue().toArray());
    }
    return out;
  }

  /** Encodes {@code fields} (names must not be null; values not null). */
  static byte[] encode(Map<String, byte[]> fields) {
    int n = fields.size();
    byte[][] names = new byte[n][];
    long size = 1L + varintSize(n) + CRC_BYTES;
    int i = 0;
    for (Map.Entry<String, byte[]> e : fields.entrySet()) {
      names[i] = e.getKey().getBytes(StandardCharsets.UTF_8);
      int valueLength = e.getValue().length;
      size += varintSize(names[i].length) + names[i].length + varintSize(valueLength) + valueLength;
      i++;
    }
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("record of " + size + " bytes is too large");
    }
    byte[] out = new byte[(int) size];
    int pos = 0;
    out[pos++] = VERSION;
    pos = putVarint(out, pos, n);
    i = 0;
    for (byte[] value : fields.values()) {
      pos = putVarint(out, pos, names[i].length);
      System.arraycopy(names[i], 0, out, pos, names[i].length);
      pos += names[i].length;
      pos = putVarint(out, pos, value.length);
      System.arraycopy(value, 0, out, pos, value.length);
      pos += value.length;
      i++;
    }
    int crc = crc(out, pos);
    for (int b = 0; b < CRC_BYTES; b++) {
      out[pos++] = (byte) (crc >>> (8 * b));
    }
    return out;
  }

  /**
   * Decodes {@code record} into {@code out}: only the fields named in {@code fieldsOrNull}, or all
   * of them when it is null. The values put in {@code out} are views of {@code record}, which the
   * caller must not modify afterwards.
   */
  static void decode(byte[] record, Set<String> fieldsOrNull, Map<String, ByteIterator> out)
      throws DamagedRecordException {
    Reader r = new Reader(record);
    int n = r.fieldCount();
    Map<String, ByteIterator> seen = new LinkedHashMap<>(Math.max(4, n * 2));
    for (int f = 0; f < n; f++) {
      String name = r.name();
      int valueLength = r.length("value");
      if (seen.put(name, new ByteArrayByteIterator(record, r.pos, valueLength)) != null) {
        throw new DamagedRecordException("field name repeated in record");
      }
      r.pos += valueLength;
    }
    r.finish();
    if (fieldsOrNull == null) {
      out.putAll(seen);
    } else {
      for (Map.Entry<String, ByteIterator> e : seen.entrySet()) {
        if (fieldsOrNull.contains(e.getKey())) {
          out.put(e.getKey(), e.getValue());
        }
      }
    }
  }

  /** Decodes every field of {@code record} into a new map of fresh arrays, in stored order. */
  static Map<String, byte[]> decodeAll(byte[] record) throws DamagedRecordException {
    Map<String, ByteIterator> views = new LinkedHashMap<>();
    decode(record, null, views);
    Map<String, byte[]> out = new LinkedHashMap<>(Math.max(4, views.size() * 2));
    for (Map.Entry<String, ByteIterator> e : views.entrySet()) {
      out.put(e.getKey(), e.getValue().toArray());
    }
    return out;
  }

  private static int crc(byte[] b, int len) {
    CRC32C c = new CRC32C();
    c.update(b, 0, len);
    return (int) c.getValue();
  }

  private static int varintSize(int v) {
    int n = 1;
    while ((v & ~0x7F) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  private static int putVarint(byte[] out, int pos, int v) {
    while ((v & ~0x7F) != 0) {
      out[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out[pos++] = (byte) v;
    return pos;
  }

  /** A bounds-checked cursor over the body of one record (between version byte and checksum). */
  private static final class Reader {
    private final byte[] b;
    private final int end;
    int pos;

    Reader(byte[] record) throws DamagedRecordException {
      if (record.length < MIN_RECORD_BYTES) {
        throw new DamagedRecordException(
            "record of "
                + record.length
                + " bytes is shorter than the minimum "
                + MIN_RECORD_BYTES);
      }
      end = record.length - CRC_BYTES;
      int stored =
          (record[end] & 0xFF)
              | (record[end + 1] & 0xFF) << 8
              | (record[end + 2] & 0xFF) << 16
              | (record[end + 3] & 0xFF) << 24;
      if (stored != crc(record, end)) {
        throw new DamagedRecordException("record checksum mismatch");
      }
      if (record[0] != VERSION) {
        throw new DamagedRecordException("unknown record format version " + (record[0] & 0xFF));
      }
      this.b = record;
      this.pos = 1;
    }

    int fieldCount() throws DamagedRecordException {
      int n = varint("field count");
      // Each field takes at least two bytes (two empty lengths): a larger count is damage.
      if (n > (end - pos) / 2) {
        throw new DamagedRecordException(
            "field count " + n + " exceeds what " + (end - pos) + " bytes can hold");
      }
      return n;
    }

    int length(String what) throws DamagedRecordException {
      int len = varint(what + " length");
      if (len > end - pos) {
        throw new DamagedRecordException(
            what + " length " + len + " runs past the end of the record at offset " + pos);
      }
      return len;
    }

    String name() throws DamagedRecordException {
      int len = length("field name");
      int start = pos;
      pos += len;
      boolean ascii = true;
      for (int i = start; i < pos; i++) {
        if (b[i] < 0) {
          ascii = false;
          break;
        }
      }
      if (ascii) {
        return new String(b, start, len, StandardCharsets.ISO_8859_1);
      }
      try {
        CharBuffer chars =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(b, start, len));
        return chars.toString();
      } catch (CharacterCodingException e) {
        throw new DamagedRecordException("field name at offset " + start + " is not UTF-8");
      }
    }

    void finish() throws DamagedRecordException {
      if (pos != end) {
        throw new DamagedRecordException((end - pos) + " unexpected bytes after the last field");
      }
    }

    private int varint(String what) throws DamagedRecordException {
      int result = 0;
      for (int shift = 0; shift < 35; shift += 7) {
        if (pos >= end) {
          throw new DamagedRecordException(what + " runs past the end of the record");
        }
        int x = b[pos++] & 0xFF;
        if (shift == 28 && (x & 0xF8) != 0) {
          throw new DamagedRecordException(what + " overflows 31 bits at offset " + (pos - 1));
        }
        result |= (x & 0x7F) << shift;
        if ((x & 0x80) == 0) {
          return result;
        }
      }
      throw new DamagedRecordException(what + " is longer than 5 bytes");
    }
  }
}
