package org.cairndb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.cairndb.fs.FaultInjectingVfs;
import org.cairndb.fs.MemVfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Options.Builder#walBytesPerSync}: the active log is synced in the background as it grows,
 * so a power cut keeps a prefix of the writes although no writer asked for a sync (and with the
 * option off it keeps none: the test can tell); a failed background sync latches an error.
 */
@Timeout(120)
class BackgroundWalSyncTest {
  private static final Path DIR = Path.of("/db");
  private static final int KEYS = 5_000;

  @Test
  void backgroundSyncsMakeAPrefixDurable() throws InterruptedException {
    int survived = writeThenCut(4096);
    assertTrue(survived > 0, "no write survived the cut although the log was synced");
  }

  @Test
  void withoutBackgroundSyncsThePowerCutLosesEveryWrite() throws InterruptedException {
    assertEquals(0, writeThenCut(0));
  }

  @Test
  void aFailedBackgroundSyncIsLatched() throws InterruptedException {
    MemVfs mem = new MemVfs();
    FaultInjectingVfs faults = new FaultInjectingVfs(mem);
    Options options = Options.builder().vfs(faults).walBytesPerSync(1024).build();
    try (Cairn db = Cairn.open(DIR, options)) {
      db.put(key(0), key(0));
      faults.setPolicy(
          (op, path) -> {
            if (op == FaultInjectingVfs.Op.SYNC && path.toString().endsWith(".log")) {
              throw new IOException("injected fsync failure");
            }
          });
      long deadline = System.nanoTime() + 60_000_000_000L;
      int i = 1;
      CairnException failure = null;
      while (failure == null && System.nanoTime() < deadline) {
        try {
          db.put(key(i), key(i));
          i++;
        } catch (CairnException e) {
          failure = e;
        }
        if (i % 100 == 0) {
          Thread.sleep(1);
        }
      }
      assertTrue(failure != null, "writes kept being accepted after a failed log sync");
      assertTrue(String.valueOf(failure.getMessage()).contains("fsync"), failure.getMessage());
      assertThrows(CairnException.class, () -> db.put(key(-1), key(-1)), "latched");
      assertArrayEquals(key(0), db.get(key(0)), "reads keep working");
    }
  }

  /** Writes KEYS keys in order, waits for the syncer, cuts power; returns how many survived. */
  private static int writeThenCut(long bytesPerSync) throws InterruptedException {
    MemVfs mem = new MemVfs();
    Options options = Options.builder().vfs(mem).walBytesPerSync(bytesPerSync).build();
    MemVfs afterCut;
    try (Cairn db = Cairn.open(DIR, options)) {
      for (int i = 0; i < KEYS; i++) {
        db.put(key(i), key(i));
      }
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (bytesPerSync > 0
          && db.statistics().asMap().getOrDefault("wal.background.syncs", 0L) == 0
          && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      afterCut = mem.crashClone();
    }
    try (Cairn db = Cairn.open(DIR, Options.builder().vfs(afterCut).build())) {
      int survived = 0;
      while (survived < KEYS && db.get(key(survived)) != null) {
        survived++;
      }
      for (int i = survived; i < KEYS; i++) {
        assertNull(db.get(key(i)), "a hole: key " + i + " survived after a lost key " + survived);
      }
      return survived;
    }
  }

  private static byte[] key(int i) {
    return ("key" + i).getBytes(StandardCharsets.UTF_8);
  }
}
