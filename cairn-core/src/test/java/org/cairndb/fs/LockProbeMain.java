package org.cairndb.fs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link NioVfsTest}: tries to take a {@link NioVfs} lock on the path given
 * as the only argument and reports the outcome by exit code ({@value #ACQUIRED}, {@value #LOCKED}
 * or {@value #ERROR}) and a line on standard output.
 */
public final class LockProbeMain {
  static final int ACQUIRED = 0;
  static final int LOCKED = 3;
  static final int ERROR = 4;

  private LockProbeMain() {}

  public static void main(String[] args) {
    int code;
    try (Closeable lock = new NioVfs().lock(Path.of(args[0]))) {
      System.out.println("acquired " + lock);
      code = ACQUIRED;
    } catch (IOException e) {
      boolean locked = e.getMessage() != null && e.getMessage().contains("locked");
      System.out.println((locked ? "locked: " : "error: ") + e);
      code = locked ? LOCKED : ERROR;
    }
    System.exit(code);
  }
}
