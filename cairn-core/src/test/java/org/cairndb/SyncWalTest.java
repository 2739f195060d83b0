package org.cairndb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.cairndb.fs.FaultInjectingVfs;
import org.cairndb.fs.MemVfs;
import org.junit.jupiter.api.Test;

/**
 * {@link Cairn#syncWal()} and an empty SYNC batch make every earlier write durable: after a
 * simulated power cut (unsynced bytes and directory entries dropped) all of them are back. Without
 * the sync, the same cut loses them, so the test can tell. A failed sync is an error, latched.
 */
class SyncWalTest {
  private static final Path DIR = Path.of("/db");
  private static final int KEYS = 500;

  @Test
  void syncWalMakesEarlierWritesDurable() {
    checkDurableAfter(Cairn::syncWal, true);
  }

  @Test
  void emptySyncBatchMakesEarlierWritesDurable() {
    checkDurableAfter(db -> db.write(new WriteBatch(), WriteOptions.SYNC), true);
  }

  @Test
  void withoutASyncThePowerCutLosesThem() {
    checkDurableAfter(db -> {}, false);
  }

  @Test
  void aFailedSyncIsReportedAndLatched() {
    MemVfs mem = new MemVfs();
    FaultInjectingVfs faults = new FaultInjectingVfs(mem);
    try (Cairn db = Cairn.open(DIR, Options.builder().vfs(faults).build())) {
      db.put(key(1), key(1));
      faults.setPolicy(FaultInjectingVfs.failOnce(FaultInjectingVfs.Op.SYNC, 0));
      assertThrows(CairnException.class, db::syncWal);
      faults.setPolicy(FaultInjectingVfs.failFrom(Long.MAX_VALUE));
      assertThrows(CairnException.class, () -> db.put(key(2), key(2)));
      assertArrayEquals(key(1), db.get(key(1)), "reads keep working");
    }
  }

  @Test
  void syncOnAClosedDatabaseFails() {
    Cairn db = Cairn.open(DIR, Options.builder().vfs(new MemVfs()).build());
    db.close();
    assertThrows(CairnException.class, db::syncWal);
  }

  private interface Step {
    void run(Cairn db);
  }

  private static void checkDurableAfter(Step sync, boolean durable) {
    MemVfs mem = new MemVfs();
    Options options = Options.builder().vfs(mem).build();
    MemVfs afterCut;
    try (Cairn db = Cairn.open(DIR, options)) {
      for (int i = 0; i < KEYS; i++) {
        db.put(key(i), key(i));
      }
      sync.run(db);
      afterCut = mem.crashClone();
    }
    try (Cairn db = Cairn.open(DIR, Options.builder().vfs(afterCut).build())) {
      for (int i = 0; i < KEYS; i++) {
        if (durable) {
          assertArrayEquals(key(i), db.get(key(i)), "key " + i + " lost");
        } else {
          assertNull(db.get(key(i)), "key " + i + " survived without a sync");
        }
      }
    }
  }

  private static byte[] key(int i) {
    return ("key" + i).getBytes(StandardCharsets.UTF_8);
  }
}
