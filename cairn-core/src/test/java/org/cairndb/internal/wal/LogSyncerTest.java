package org.cairndb.internal.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.cairndb.fs.WritableFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link LogSyncer}: background syncs on request, dropped duplicates, idle waits, failures. */
@Timeout(60)
class LogSyncerTest {
  /** A file whose syncs are counted, can be held until released, and can fail. */
  private static final class GatedFile implements WritableFile {
    final AtomicInteger syncs = new AtomicInteger();
    final Semaphore entered = new Semaphore(0);
    final Semaphore release = new Semaphore(Integer.MAX_VALUE);
    volatile IOException failWith;

    @Override
    public void append(byte[] data, int off, int len) {}

    @Override
    public void sync() throws IOException {
      entered.release();
      release.acquireUninterruptibly();
      syncs.incrementAndGet();
      if (failWith != null) {
        throw failWith;
      }
    }

    @Override
    public long size() {
      return 0;
    }

    @Override
    public void close() {}
  }

  /** Runs {@code step} on a new thread; the latch opens when it has returned. */
  private static CountDownLatch inThread(Runnable step) {
    CountDownLatch done = new CountDownLatch(1);
    new Thread(
            () -> {
              step.run();
              done.countDown();
            })
        .start();
    return done;
  }

  @Test
  void aRequestSyncsInTheBackground() throws Exception {
    GatedFile file = new GatedFile();
    AtomicLong count = new AtomicLong();
    try (LogSyncer syncer = new LogSyncer("test-sync", count)) {
      syncer.request(new LogWriter(file, 1));
      assertTrue(file.entered.tryAcquire(30, TimeUnit.SECONDS));
      syncer.awaitIdle();
      assertEquals(1, file.syncs.get());
      assertEquals(1, count.get());
      assertNull(syncer.failure());
    }
  }

  @Test
  void requestsWhileASyncRunsAreDroppedAndAwaitIdleWaitsForIt() throws Exception {
    GatedFile file = new GatedFile();
    file.release.drainPermits();
    AtomicLong count = new AtomicLong();
    try (LogSyncer syncer = new LogSyncer("test-sync", count)) {
      LogWriter log = new LogWriter(file, 1);
      syncer.request(log);
      assertTrue(file.entered.tryAcquire(30, TimeUnit.SECONDS)); // running, held
      for (int i = 0; i < 10; i++) {
        syncer.request(log); // never blocks
      }
      CountDownLatch idle = inThread(syncer::awaitIdle);
      assertFalse(idle.await(200, TimeUnit.MILLISECONDS), "idle while a sync runs");
      file.release.release(Integer.MAX_VALUE / 2);
      assertTrue(idle.await(30, TimeUnit.SECONDS));
      assertEquals(1, file.syncs.get(), "the requests made while it ran were dropped");
      assertEquals(1, count.get());
    }
  }

  @Test
  void aFailedSyncIsKeptAndNotCounted() throws Exception {
    GatedFile file = new GatedFile();
    IOException boom = new IOException("injected fsync failure");
    file.failWith = boom;
    AtomicLong count = new AtomicLong();
    try (LogSyncer syncer = new LogSyncer("test-sync", count)) {
      LogWriter log = new LogWriter(file, 1);
      syncer.request(log);
      assertTrue(file.entered.tryAcquire(30, TimeUnit.SECONDS));
      syncer.awaitIdle();
      assertSame(boom, syncer.failure());
      assertEquals(0, count.get());
      file.failWith = null;
      syncer.request(log);
      assertTrue(file.entered.tryAcquire(30, TimeUnit.SECONDS));
      syncer.awaitIdle();
      assertEquals(1, count.get());
      assertSame(boom, syncer.failure(), "the first failure stays");
    }
  }

  @Test
  void closeWaitsForARunningSyncAndLaterRequestsAreIgnored() throws Exception {
    GatedFile file = new GatedFile();
    file.release.drainPermits();
    AtomicLong count = new AtomicLong();
    LogSyncer syncer = new LogSyncer("test-sync", count);
    LogWriter log = new LogWriter(file, 1);
    syncer.request(log);
    assertTrue(file.entered.tryAcquire(30, TimeUnit.SECONDS));
    CountDownLatch closed = inThread(syncer::close);
    assertFalse(closed.await(200, TimeUnit.MILLISECONDS), "close returned during a sync");
    file.release.release(Integer.MAX_VALUE / 2);
    assertTrue(closed.await(30, TimeUnit.SECONDS));
    syncer.request(log);
    syncer.awaitIdle();
    assertFalse(file.entered.tryAcquire(200, TimeUnit.MILLISECONDS), "no sync after close");
    assertEquals(1, file.syncs.get());
    syncer.close(); // idempotent
  }
}
