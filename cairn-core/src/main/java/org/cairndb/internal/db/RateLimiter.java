package org.cairndb.internal.db;

import java.util.concurrent.locks.LockSupport;

/**
 * Bounds the bytes per second that background jobs write. Requests are served in arrival order on a
 * virtual schedule: each request books the next {@code bytes / rate} seconds of it and waits until
 * its booking ends, so several jobs share the rate fairly. Up to {@link #BURST_NANOS} of unused
 * schedule may be spent at once after an idle spell. Thread-safe.
 */
final class RateLimiter {
  static final long BURST_NANOS = 100_000_000L;

  /** Time source and sleep, replaceable so tests need not wait. */
  interface Clock {
    long nanoTime();

    void sleepNanos(long nanos);
  }

  static final Clock SYSTEM =
      new Clock() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) {
          long deadline = System.nanoTime() + nanos;
          for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
          }
        }
      };

  private final double nanosPerByte;
  private final Clock clock;
  private long scheduleEnd;
  private long waitedNanos;

  RateLimiter(long bytesPerSecond, Clock clock) {
    if (bytesPerSecond <= 0) {
      throw new IllegalArgumentException("bytesPerSecond must be positive: " + bytesPerSecond);
    }
    this.nanosPerByte = 1e9 / bytesPerSecond;
    this.clock = clock;
    this.scheduleEnd = clock.nanoTime();
  }

  /** Blocks until {@code bytes} more may be written. */
  void acquire(long bytes) {
    long wait;
    synchronized (this) {
      long now = clock.nanoTime();
      scheduleEnd = Math.max(scheduleEnd, now - BURST_NANOS) + (long) (bytes * nanosPerByte);
      wait = scheduleEnd - now;
      if (wait > 0) {
        waitedNanos += wait;
      }
    }
    if (wait > 0) {
      clock.sleepNanos(wait);
    }
  }

  /** Total time requests were told to wait. */
  synchronized long waitedNanos() {
    return waitedNanos;
  }
}
