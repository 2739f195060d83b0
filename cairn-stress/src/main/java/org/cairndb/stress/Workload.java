package org.cairndb.stress;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.cairndb.Cairn;
import org.cairndb.WriteOptions;

/**
 * The stress threads of one run: starts {@code threads} {@link StressWorker}s on one database and
 * state, each seeded from the run seed and its number, and stops them all at the first failure.
 *
 * <p>Thread-safe: {@link #stop}, {@link #failure} and {@link #isRunning} may be called from any
 * thread; {@link #start} and {@link #join} by the owner.
 */
final class Workload {
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final AtomicInteger running = new AtomicInteger();
  private volatile boolean stopped;

  Workload(Cairn db, ExpectedState state, WriteOptions wo, int count, long seed, String where) {
    KeyLocks locks = new KeyLocks(state.keyCount());
    AtomicInteger tokens = new AtomicInteger();
    for (int i = 0; i < count; i++) {
      String name = where + " thread " + i;
      StressWorker w =
          new StressWorker(db, state, locks, wo, seed * 0x9E37_79B9_7F4A_7C15L + i, tokens, name);
      Thread t = new Thread(() -> runWorker(w), "cairn-stress-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
  }

  private void runWorker(StressWorker w) {
    try {
      w.runUntil(() -> stopped);
    } catch (Throwable t) { // every failure kind ends the run and is reported
      failure.compareAndSet(null, t);
      stopped = true;
    } finally {
      running.decrementAndGet();
    }
  }

  void start() {
    running.set(threads.size());
    for (Thread t : threads) {
      t.start();
    }
  }

  /** Asks every thread to stop after its current operation. */
  void stop() {
    stopped = true;
  }

  boolean isRunning() {
    return running.get() > 0;
  }

  /** The first failure of any thread, or null. */
  Throwable failure() {
    return failure.get();
  }

  /** Stops and waits for every thread. */
  void join() throws InterruptedException {
    stop();
    for (Thread t : threads) {
      t.join();
    }
  }
}
