package org.cairndb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.cairndb.fs.FaultInjectingVfs;
import org.cairndb.fs.MemVfs;
import org.junit.jupiter.api.Test;

/**
 * An I/O error injected at every file-system operation of a fixed workload (open, writes, flush,
 * compaction, scan, close), once as a single failure and once as a persistent one: every API call
 * either succeeds or throws {@link CairnException}, and after the fault is gone the database
 * reopens with every acknowledged write.
 */
class IoErrorTest {
  private static final Path DIR = Path.of("/db");

  private static Options options(FaultInjectingVfs vfs) {
    return Options.builder()
        .vfs(vfs)
        .memtableBytes(4096)
        .blockSize(256)
        .l0CompactionTrigger(2)
        .baseLevelBytes(8 << 10)
        .targetFileBytes(4 << 10)
        .maxManifestBytes(2 << 10)
        .walBytesPerSync(512) // background syncs meet the injected faults too
        .build();
  }

  /** Runs the workload; returns the acknowledged mutations. Faults surface as CairnException. */
  private static List<List<Mutation>> workload(
      FaultInjectingVfs vfs, boolean[] failed, List<List<Mutation>> maybe) {
    List<List<Mutation>> acked = new ArrayList<>();
    Cairn db;
    try {
      db = Cairn.open(DIR, options(vfs));
    } catch (CairnException e) {
      failed[0] = true;
      return acked;
    }
    try {
      for (int i = 0; i < 120; i++) {
        byte[] k = {'k', (byte) (i % 40)};
        byte[] v = new byte[60];
        v[0] = (byte) i;
        byte[] other = {'k', (byte) ((i + 7) % 40)};
        List<Mutation> op =
            i % 10 == 9
                ? List.of(new Mutation(k, v), new Mutation(other, null))
                : List.of(new Mutation(k, v));
        try {
          if (i % 10 == 9) {
            db.write(new WriteBatch().put(k, v).delete(other));
          } else {
            db.put(k, v, i % 13 == 0 ? WriteOptions.SYNC : WriteOptions.DEFAULT);
          }
          acked.add(op);
        } catch (CairnException e) {
          // A failed write may still have reached the log; it must then be whole and the last one.
          if (maybe.isEmpty()) {
            maybe.add(op);
          }
          failed[0] = true;
        }
        if (i == 60) {
          tolerate(db::flush, failed);
        }
      }
      tolerate(() -> db.compactRange(null, null), failed);
      tolerate(
          () -> {
            try (Cursor c = db.cursor()) {
              for (c.seekToFirst(); c.isValid(); c.next()) {
                c.value();
              }
            }
          },
          failed);
    } finally {
      tolerate(db::close, failed);
    }
    return acked;
  }

  private static void tolerate(Runnable r, boolean[] failed) {
    try {
      r.run();
    } catch (CairnException e) {
      failed[0] = true;
    }
  }

  @Test
  void singleFailureAtEveryOperation() {
    sweep(false);
  }

  @Test
  void persistentFailureFromEveryOperation() {
    sweep(true);
  }

  private static void sweep(boolean persistent) {
    int points = 0;
    for (long at = 0; ; at++) {
      MemVfs mem = new MemVfs();
      FaultInjectingVfs vfs = new FaultInjectingVfs(mem);
      AtomicLong count = new AtomicLong();
      long target = at;
      boolean[] fired = {false};
      vfs.setPolicy(
          (op, path) -> {
            long n = count.getAndIncrement();
            if (Boolean.getBoolean("cairn.trace")) {
              System.out.println("op " + n + " " + op + " " + path);
            }
            if (n == target || (persistent && n > target)) {
              fired[0] = true;
              throw new IOException("injected fault: " + op + " " + path);
            }
          });
      boolean[] failed = {false};
      List<List<Mutation>> acked;
      List<List<Mutation>> maybe = new ArrayList<>();
      try {
        acked = workload(vfs, failed, maybe);
      } catch (RuntimeException e) {
        throw new AssertionError("fault at op " + at + " escaped as " + e, e);
      }
      vfs.setPolicy(null);
      if (!fired[0]) {
        assertTrue(points > 20, "the sweep covered too few operations: " + points);
        return;
      }
      points++;
      Model model = new Model();
      for (List<Mutation> op : acked) {
        Mutation.apply(op, model);
      }
      try (Cairn db = Cairn.open(DIR, options(vfs))) {
        String ctx = "after fault at op " + at + (persistent ? " (persistent)" : "");
        if (!maybe.isEmpty() && Model.fingerprintOf(db) != model.fingerprint()) {
          Mutation.apply(maybe.get(0), model);
        }
        model.assertSameAs(db, ctx);
        db.verify();
      } catch (RuntimeException e) {
        throw new AssertionError("reopen after fault at op " + at + " failed: " + e, e);
      }
      assertEquals(0, mem.openHandles(), "file handles leaked after fault at op " + at);
    }
  }

  @Test
  void failedWalSyncLatchesAnErrorUntilReopen() {
    MemVfs mem = new MemVfs();
    FaultInjectingVfs vfs = new FaultInjectingVfs(mem);
    Cairn db = Cairn.open(DIR, options(vfs));
    db.put(new byte[] {1}, new byte[] {1});
    vfs.setPolicy(
        (op, path) -> {
          if (op == FaultInjectingVfs.Op.SYNC) {
            throw new IOException("injected fault: sync");
          }
        });
    assertThrows(
        CairnException.class, () -> db.put(new byte[] {2}, new byte[] {2}, WriteOptions.SYNC));
    vfs.setPolicy(null);
    // The sync failed: the engine must not pretend later writes are safe.
    CairnException e =
        assertThrows(CairnException.class, () -> db.put(new byte[] {3}, new byte[] {3}));
    assertTrue(e.getMessage().contains("error state"), e.getMessage());
    assertEquals(1, db.get(new byte[] {1})[0], "reads still work");
    try {
      db.close();
    } catch (CairnException ignored) {
      // closing a failed database may report the failure again
    }
    try (Cairn reopened = Cairn.open(DIR, options(vfs))) {
      assertEquals(1, reopened.get(new byte[] {1})[0]);
      reopened.put(new byte[] {4}, new byte[] {4});
    }
  }
}
