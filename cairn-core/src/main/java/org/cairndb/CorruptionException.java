package org.cairndb;

/**
 * A checksum, format or invariant violation found in a file. The message always names the file (and
 * the offset where known); it never contains key or value bytes.
 */
public class CorruptionException extends CairnException {
  private static final long serialVersionUID = 1L;

  private final String file;

  public CorruptionException(String file, String message) {
    super(describe(file, message));
    this.file = file;
  }

  public CorruptionException(String file, String message, Throwable cause) {
    super(describe(file, message), cause);
    this.file = file;
  }

  /** The name of the damaged file, as the engine knows it (e.g. {@code 000012.sst}). */
  public String file() {
    return file;
  }

  private static String describe(String file, String message) {
    return "corruption in " + file + ": " + message;
  }
}
