package org.cairndb;

/**
 * Seeds and scale for randomized tests. {@code -Dcairn.seed=N} replays one seed; {@code
 * -Dcairn.nightly=K} multiplies iteration counts for long runs.
 */
public final class Seeds {
  private Seeds() {}

  /** The seed for one randomized case: the replay seed if given, else a fresh one. */
  public static long seed() {
    Long fixed = Long.getLong("cairn.seed");
    return fixed != null ? fixed : System.nanoTime() ^ Thread.currentThread().getId() * 31;
  }

  /** {@code n} scaled by the nightly multiplier. */
  public static int scaled(int n) {
    int k = Integer.getInteger("cairn.nightly", 1);
    return Math.max(1, n * Math.max(1, k));
  }
}
