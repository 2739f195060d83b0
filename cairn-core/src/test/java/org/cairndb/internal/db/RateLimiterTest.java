package org.cairndb.internal.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateLimiterTest {
  /** A clock that only moves when someone sleeps. */
  private static final class FakeClock implements RateLimiter.Clock {
    long now = 1_000_000_000L;
    long slept;

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void sleepNanos(long nanos) {
      slept += nanos;
      now += nanos;
    }
  }

  @Test
  void steadyWritesTakeBytesOverRate() {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = new RateLimiter(1_000_000, clock);
    for (int i = 0; i < 100; i++) {
      limiter.acquire(100_000);
    }
    // 10 MB at 1 MB/s: 10 s (a new limiter has no idle credit yet).
    long expected = 10_000_000_000L;
    assertTrue(Math.abs(clock.slept - expected) < 1_000_000, "slept " + clock.slept);
    assertEquals(clock.slept, limiter.waitedNanos());
  }

  @Test
  void idleTimeGivesAtMostOneBurst() {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = new RateLimiter(1_000_000, clock);
    clock.now += 60_000_000_000L;
    limiter.acquire(50_000);
    assertEquals(0, clock.slept, "a request within the burst does not wait");
    limiter.acquire(1_000_000);
    // The burst covers 100 KB; 50 KB of it is left, so 950 KB waits 0.95 s.
    assertTrue(Math.abs(clock.slept - 950_000_000L) < 1_000_000, "slept " + clock.slept);
  }

  @Test
  void rejectsNonPositiveRate() {
    assertThrows(IllegalArgumentException.class, () -> new RateLimiter(0, new FakeClock()));
  }
}
