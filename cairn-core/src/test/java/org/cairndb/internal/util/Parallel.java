package org.cairndb.internal.util;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Runs a test body on several threads at once and fails with the first thread's failure. */
public final class Parallel {
  private Parallel() {}

  /** The work of thread {@code index}; may throw anything, assertion errors included. */
  @FunctionalInterface
  public interface Body {
    void run(int index) throws Exception;
  }

  /**
   * Starts {@code threads} threads running {@code body}, waits for all of them, then throws an
   * {@link AssertionError} carrying {@code context} and the first failure, if any.
   */
  public static void run(int threads, String context, Body body) throws InterruptedException {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> started = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      int index = i;
      Thread t =
          new Thread(
              () -> {
                try {
                  body.run(index);
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              });
      started.add(t);
      t.start();
    }
    for (Thread t : started) {
      t.join();
    }
    if (failure.get() != null) {
      throw new AssertionError(context, failure.get());
    }
  }
}
