package org.cairndb;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.cairndb.fs.FaultInjectingVfs;
import org.cairndb.fs.MemVfs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Simulated power loss at random file-system operations of long random workloads, including those
 * of background flushes, compactions and manifest switches: the file system is cloned as a power
 * cut would leave it (unsynced data and directory entries dropped, torn tails kept as random
 * prefixes), the clone is opened, and its state must be exactly the state after some prefix of the
 * acknowledged writes that includes every SYNC-acknowledged write.
 */
class PowerLossTest {
  private static final Path DIR = Path.of("/db");
  private static final AtomicLong CRASH_POINTS = new AtomicLong();

  @AfterAll
  static void report() {
    System.out.println("PowerLossTest: " + CRASH_POINTS.get() + " crash points checked");
  }

  static Stream<Integer> cases() {
    return IntStream.range(0, Seeds.scaled(20)).boxed();
  }

  /** A crash image and how far the workload had been acknowledged when it was taken. */
  private record CrashPoint(MemVfs image, int acked, int syncAcked) {}

  @ParameterizedTest
  @MethodSource("cases")
  void recoveredStateIsAPrefixHoldingEverySyncedWrite(int caseIndex) {
    long seed = Seeds.seed();
    try {
      run(seed);
    } catch (Throwable t) {
      throw new AssertionError("replay with -Dcairn.seed=" + seed, t);
    }
  }

  private static void run(long seed) {
    Random rnd = new Random(seed);
    MemVfs mem = new MemVfs();
    FaultInjectingVfs vfs = new FaultInjectingVfs(mem);
    Options options =
        Options.builder()
            .vfs(vfs)
            .memtableBytes(4096 << rnd.nextInt(3))
            .blockSize(256)
            .l0CompactionTrigger(2)
            .baseLevelBytes(16 << 10)
            .targetFileBytes(8 << 10)
            .maxManifestBytes(2 << 10)
            .compression(rnd.nextBoolean() ? Compression.LZ4 : Compression.NONE)
            // Background log syncs every few hundred bytes (or never), racing the cuts.
            .walBytesPerSync(rnd.nextBoolean() ? 0 : 256 << rnd.nextInt(3))
            .build();

    int ops = 600;
    List<Long> fingerprints = new ArrayList<>(); // fingerprints.get(k): state after k ops
    List<List<Mutation>> history = new ArrayList<>();
    Model model = new Model();
    fingerprints.add(model.fingerprint());
    AtomicInteger acked = new AtomicInteger();
    AtomicInteger syncAcked = new AtomicInteger();
    List<CrashPoint> crashes = new ArrayList<>();
    Random crashRnd = new Random(seed ^ 0x5DEECE66DL);
    AtomicLong fsOps = new AtomicLong();
    vfs.setPolicy(
        (op, path) -> {
          long n = fsOps.incrementAndGet();
          if (crashRnd.nextInt(8) == 0 && crashes.size() < 80) {
            // Every write counted as synced before the clone must be in it; writes acknowledged
            // up to just after the clone may be.
            int mustHave = syncAcked.get();
            MemVfs image = mem.crashClone(crashRnd);
            int mayHave = acked.get();
            synchronized (crashes) {
              crashes.add(new CrashPoint(image, mayHave, mustHave));
            }
          }
          assert n > 0;
        });

    try (Cairn db = Cairn.open(DIR, options)) {
      for (int i = 0; i < ops; i++) {
        int kind = rnd.nextInt(10);
        boolean sync = rnd.nextInt(8) == 0;
        WriteOptions wo = sync ? WriteOptions.SYNC : WriteOptions.DEFAULT;
        List<Mutation> op = new ArrayList<>();
        if (kind < 6) {
          byte[] k = key(rnd);
          byte[] v = new byte[rnd.nextInt(200)];
          rnd.nextBytes(v);
          db.put(k, v, wo);
          op.add(new Mutation(k, v));
        } else if (kind < 8) {
          byte[] k = key(rnd);
          db.delete(k, wo);
          op.add(new Mutation(k, null));
        } else {
          WriteBatch b = new WriteBatch();
          for (int j = 0; j < 1 + rnd.nextInt(6); j++) {
            byte[] k = key(rnd);
            if (rnd.nextBoolean()) {
              byte[] v = new byte[rnd.nextInt(100)];
              rnd.nextBytes(v);
              b.put(k, v);
              op.add(new Mutation(k, v));
            } else {
              b.delete(k);
              op.add(new Mutation(k, null));
            }
          }
          db.write(b, wo);
        }
        history.add(op);
        Mutation.apply(op, model);
        fingerprints.add(model.fingerprint());
        acked.set(i + 1);
        if (sync) {
          syncAcked.set(i + 1);
        }
        if (rnd.nextInt(100) == 0) {
          db.flush();
        }
      }
    }
    vfs.setPolicy(null);
    assertTrue(!crashes.isEmpty() || fsOps.get() < 12, "no crash point was taken");

    for (CrashPoint cp : crashes) {
      checkCrash(cp, options, fingerprints, history);
    }
    CRASH_POINTS.addAndGet(crashes.size());
  }

  private static void checkCrash(
      CrashPoint cp, Options base, List<Long> fingerprints, List<List<Mutation>> history) {
    String before = describe(cp.image()) + logs(cp.image());
    Options options = base.toBuilder().vfs(cp.image()).build();
    long found;
    try (Cairn db = Cairn.open(DIR, options)) {
      found = Model.fingerprintOf(db);
      int hi = Math.min(cp.acked() + 1, fingerprints.size() - 1);
      int match = -1;
      for (int k = hi; k >= cp.syncAcked(); k--) {
        if (fingerprints.get(k) == found) {
          match = k;
          break;
        }
      }
      if (match < 0) {
        throw new AssertionError(
            "recovered state is not a prefix in ["
                + cp.syncAcked()
                + ", "
                + hi
                + "] of the acknowledged writes; it matches prefix "
                + fingerprints.lastIndexOf(found)
                + " (-1: none); before recovery "
                + before
                + "; files "
                + describe(cp.image())
                + " seq "
                + db.property("cairn.sequence"));
      }
      // Confirm exactly: rebuild the model at that prefix and compare entry by entry.
      Model m = new Model();
      for (int k = 0; k < match; k++) {
        Mutation.apply(history.get(k), m);
      }
      m.assertSameAs(db, "crash image at prefix " + match);
      // Every file of the recovered tree reads back intact and the tree's invariants hold.
      db.verify();
      // The recovered database accepts new writes.
      db.put(new byte[] {1, 2, 3}, new byte[] {4});
    }
  }

  private static String describe(MemVfs vfs) {
    StringBuilder sb = new StringBuilder();
    try {
      for (String n : new java.util.TreeSet<>(vfs.list(DIR))) {
        sb.append(n).append('=').append(vfs.size(DIR.resolve(n))).append(' ');
      }
    } catch (java.io.IOException e) {
      sb.append(e);
    }
    return sb.toString();
  }

  private static String logs(MemVfs vfs) {
    StringBuilder sb = new StringBuilder();
    try {
      for (String n : new java.util.TreeSet<>(vfs.list(DIR))) {
        if (n.endsWith(".log") || n.startsWith("MANIFEST")) {
          try (org.cairndb.fs.ReadableFile f = vfs.open(DIR.resolve(n))) {
            org.cairndb.internal.wal.LogReader r =
                new org.cairndb.internal.wal.LogReader(
                    f, n, org.cairndb.internal.wal.RecoveryMode.POINT_IN_TIME);
            StringBuilder seqs = new StringBuilder();
            byte[] rec;
            while ((rec = r.next()) != null) {
              if (n.endsWith(".log")) {
                seqs.append(org.cairndb.internal.util.Coding.getLong(rec, 0)).append(',');
              } else {
                org.cairndb.internal.version.VersionEdit e =
                    org.cairndb.internal.version.VersionEdit.decode(rec, n);
                seqs.append("[log=")
                    .append(e.logNumber())
                    .append(" last=")
                    .append(e.lastSequence())
                    .append(" add=")
                    .append(e.added().size())
                    .append(" del=")
                    .append(e.deleted().size())
                    .append(']');
              }
            }
            sb.append(n)
                .append(": ")
                .append(seqs)
                .append(" torn=")
                .append(r.tornTail())
                .append("; ");
          }
        }
      }
    } catch (java.io.IOException e) {
      sb.append(e);
    }
    return sb.toString();
  }

  private static byte[] key(Random rnd) {
    return new byte[] {(byte) 'k', (byte) rnd.nextInt(60), (byte) rnd.nextInt(3)};
  }
}
