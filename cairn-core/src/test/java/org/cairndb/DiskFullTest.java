package org.cairndb;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.cairndb.fs.FaultInjectingVfs;
import org.cairndb.fs.MemVfs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A disk that fills up (appends fail with "No space left on device", writing nothing) at a random
 * point of a workload of writes, flushes and compactions: the failing write and every later one get
 * {@link CairnException} (the error state latches), reads keep working, and once space is back the
 * reopened database holds exactly the acknowledged writes and passes {@link Cairn#verify()}.
 */
class DiskFullTest {
  private static final Path DIR = Path.of("/db");

  static Stream<Integer> cases() {
    return IntStream.range(0, Seeds.scaled(12)).boxed();
  }

  private static Options options(FaultInjectingVfs vfs) {
    return Options.builder()
        .vfs(vfs)
        .memtableBytes(4 << 10)
        .blockSize(256)
        .l0CompactionTrigger(2)
        .baseLevelBytes(16 << 10)
        .targetFileBytes(4 << 10)
        .maxManifestBytes(4 << 10)
        .build();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void fullDiskLosesNothingAcknowledged(int round) {
    long seed = Seeds.seed() + round;
    Random rnd = new Random(seed);
    FaultInjectingVfs vfs = new FaultInjectingVfs(new MemVfs());
    vfs.setPolicy(FaultInjectingVfs.diskFull(1000 + rnd.nextInt(120_000)));
    Model model = new Model();
    boolean full = false;
    try (Cairn db = Cairn.open(DIR, options(vfs))) {
      for (int i = 0; i < 3000 && !full; i++) {
        byte[] k = {'k', (byte) rnd.nextInt(200)};
        byte[] v = new byte[1 + rnd.nextInt(100)];
        rnd.nextBytes(v);
        try {
          WriteOptions wo = rnd.nextInt(4) == 0 ? WriteOptions.SYNC : WriteOptions.DEFAULT;
          if (rnd.nextInt(8) == 0) {
            db.delete(k, wo);
            model.delete(k);
          } else {
            db.put(k, v, wo);
            model.put(k, v);
          }
        } catch (CairnException e) {
          full = true;
          assertThrows(
              CairnException.class, () -> db.put(k, v), "seed " + seed + ": error latches");
          model.assertSameAs(db, "seed " + seed + ": reads after the error");
        }
      }
    } catch (CairnException e) {
      // Opening or closing on a full disk may fail too; what was acknowledged must survive.
      full = true;
    }
    vfs.setPolicy(null);
    try (Cairn db = Cairn.open(DIR, options(vfs))) {
      model.assertSameAs(db, "seed " + seed + ": after reopen with space");
      db.verify();
      db.put(new byte[] {'z'}, new byte[] {1});
    }
    assertTrue(full, "seed " + seed + ": the workload outgrows every disk size tried");
  }
}
