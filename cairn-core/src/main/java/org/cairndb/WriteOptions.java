package org.cairndb;

/** How durable a write must be before the call returns. */
public final class WriteOptions {
  /** The write is in the operating system before the call returns: it survives kill -9. */
  public static final WriteOptions DEFAULT = new WriteOptions(false);

  /** The write (and every write before it) is fsync'd: it survives power loss and OS crashes. */
  public static final WriteOptions SYNC = new WriteOptions(true);

  private final boolean sync;

  private WriteOptions(boolean sync) {
    this.sync = sync;
  }

  public boolean sync() {
    return sync;
  }

  @Override
  public String toString() {
    return sync ? "WriteOptions.SYNC" : "WriteOptions.DEFAULT";
  }
}
