package org.cairndb;

/**
 * Every engine failure: I/O errors, use of a closed database, a database locked by another user.
 */
public class CairnException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CairnException(String message) {
    super(message);
  }

  public CairnException(String message, Throwable cause) {
    super(message, cause);
  }
}
