package org.cairndb.internal.util;

/**
 * A malformed encoding found while decoding bytes that came from a file. It carries no file name:
 * the reader that owns the file catches it and throws a {@code CorruptionException} naming the
 * file.
 */
public final class DecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DecodeException(String message) {
    super(message);
  }
}
