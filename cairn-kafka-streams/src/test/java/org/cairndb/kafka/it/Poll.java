package org.cairndb.kafka.it;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition by polling it; fails with a description when time runs out. Stateless. */
final class Poll {
  private Poll() {}

  /**
   * Polls {@code condition} every 100 ms until it holds.
   *
   * @throws AssertionError with {@code what} and {@code details} when {@code timeout} passes first
   */
  static void until(
      String what, Duration timeout, BooleanSupplier condition, Supplier<String> details)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out after " + timeout + " waiting for " + what + "\n" + details.get());
      }
      Thread.sleep(100);
    }
  }
}
