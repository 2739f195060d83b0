package org.cairndb.ycsb;

/**
 * A stored record whose bytes do not decode: bad checksum, unknown format version, a length that
 * runs past the end, trailing bytes, invalid UTF-8 or a repeated field name. The message never
 * contains record bytes.
 */
final class DamagedRecordException extends Exception {
  private static final long serialVersionUID = 1L;

  DamagedRecordException(String message) {
    super(message);
  }
}
