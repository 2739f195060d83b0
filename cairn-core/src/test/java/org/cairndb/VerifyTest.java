package org.cairndb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.cairndb.fs.MemVfs;
import org.cairndb.internal.db.FileNames;
import org.cairndb.internal.util.Coding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Cairn#verify()}: a clean database verifies with figures that match its shape; every kind
 * of damage to a live table (a bit flip anywhere, in a data block or the index in particular, a
 * truncation, a missing file, a file of the wrong size) gives a {@link CorruptionException} naming
 * the table, also when the damaged blocks sit in the block cache; a closed database refuses.
 */
class VerifyTest {
  private static final Path DIR = Path.of("/db");
  private static MemVfs pristine;

  private static Options options(MemVfs vfs) {
    return Options.builder()
        .vfs(vfs)
        .memtableBytes(8 << 10)
        .blockSize(512)
        .l0CompactionTrigger(3)
        .baseLevelBytes(32 << 10)
        .targetFileBytes(16 << 10)
        .compression(Compression.LZ4)
        .build();
  }

  private static byte[] key(int i) {
    return String.format("key%05d", i).getBytes(StandardCharsets.UTF_8);
  }

  /** A database with tables in level 0 and in a deeper level. */
  @BeforeAll
  static void buildDatabase() {
    pristine = new MemVfs();
    Random rnd = new Random(11);
    try (Cairn db = Cairn.open(DIR, options(pristine))) {
      for (int i = 0; i < 3000; i++) {
        byte[] k = key(rnd.nextInt(1200));
        if (rnd.nextInt(7) == 0) {
          db.delete(k);
        } else {
          byte[] v = new byte[10 + rnd.nextInt(60)];
          rnd.nextBytes(v);
          db.put(k, v);
        }
      }
      // A settled shape, so that no background work changes the file set of a reopened image:
      // everything in the bottom level, two tables in level 0 (below the compaction trigger).
      db.compactRange(null, null);
      for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 50; i++) {
          db.put(key(rnd.nextInt(1200)), new byte[] {1, 2, (byte) round});
        }
        db.flush();
      }
    }
  }

  private static List<String> liveTables(MemVfs vfs) throws IOException {
    List<String> out = new ArrayList<>();
    for (String name : vfs.list(DIR)) {
      FileNames.Parsed p = FileNames.parse(name);
      if (p != null && p.kind() == FileNames.Kind.TABLE) {
        out.add(name);
      }
    }
    out.sort(null);
    return out;
  }

  @Test
  void cleanDatabaseVerifies() throws IOException {
    MemVfs image = pristine.processCrashClone();
    try (Cairn db = Cairn.open(DIR, options(image))) {
      VerifyReport r = db.verify();
      int files = Integer.parseInt(db.property("cairn.num-files"));
      assertEquals(files, r.tables(), r.toString());
      assertEquals(liveTables(image).size(), r.tables(), r.toString());
      assertTrue(r.levels() >= 2, "expected level 0 and a deeper level: " + r);
      assertTrue(r.blocks() >= r.tables() && r.entries() > 1000, r.toString());
      assertTrue(r.tableBytes() > 0 && r.logs() >= 1, r.toString());
      db.put(key(1), new byte[] {9});
      assertTrue(db.verify().logRecords() >= 1, "the write just made is in a live log");
    }
  }

  @Test
  void closedDatabaseRefuses() {
    MemVfs image = pristine.processCrashClone();
    Cairn db = Cairn.open(DIR, options(image));
    db.close();
    CairnException e = assertThrows(CairnException.class, db::verify);
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  /** Opens the image, warms the block cache, applies {@code damage}, expects a named failure. */
  private static void expectCorruption(String what, Damage damage) throws IOException {
    MemVfs image = pristine.processCrashClone();
    try (Cairn db = Cairn.open(DIR, options(image))) {
      db.verify();
      Model.fingerprintOf(db); // reads every data block into the cache
      String table = liveTables(image).get(0);
      damage.apply(image, DIR.resolve(table));
      CorruptionException e = assertThrows(CorruptionException.class, db::verify, what);
      assertEquals(table, e.file(), what + ": " + e.getMessage());
      assertTrue(e.getMessage().contains(table), e.getMessage());
    }
  }

  private interface Damage {
    void apply(MemVfs vfs, Path table) throws IOException;
  }

  @Test
  void flipInDataBlock() throws IOException {
    expectCorruption("flip in data block", (vfs, t) -> vfs.flipBit(t, 20, 3));
  }

  @Test
  void flipInIndexBlock() throws IOException {
    expectCorruption(
        "flip in index",
        (vfs, t) -> {
          byte[] b = vfs.readAll(t);
          int footer = b.length - 72;
          long indexOffset = Coding.getLong(b, footer);
          long indexSize = Coding.getLong(b, footer + 8);
          vfs.flipBit(t, indexOffset + indexSize / 2, 5);
        });
  }

  @Test
  void truncatedTable() throws IOException {
    expectCorruption("truncation", (vfs, t) -> vfs.truncate(t, vfs.size(t) - 30));
  }

  @Test
  void missingTable() throws IOException {
    expectCorruption("missing table", MemVfs::delete);
  }

  @Test
  void tableOfWrongSize() throws IOException {
    expectCorruption("grown table", (vfs, t) -> vfs.writeBytes(t, vfs.size(t), new byte[7]));
  }

  /** Every byte of a table is covered by a checksum (or the magic), so every flip is found. */
  @Test
  void everyFlipInEveryTableIsFound() throws IOException {
    long seed = Seeds.seed();
    Random rnd = new Random(seed);
    MemVfs image = pristine.processCrashClone();
    try (Cairn db = Cairn.open(DIR, options(image))) {
      for (String table : liveTables(image)) {
        Path p = DIR.resolve(table);
        long size = image.size(p);
        List<Long> offsets = new ArrayList<>(List.of(0L, size - 1, size - 72, size - 8));
        for (int i = 0; i < 12; i++) {
          offsets.add((long) rnd.nextInt((int) size));
        }
        for (long off : offsets) {
          int bit = rnd.nextInt(8);
          image.flipBit(p, off, bit);
          CorruptionException e =
              assertThrows(
                  CorruptionException.class,
                  db::verify,
                  "seed " + seed + ": flip of " + table + " at " + off);
          assertEquals(table, e.file(), "seed " + seed + ": " + e.getMessage());
          image.flipBit(p, off, bit);
        }
      }
      db.verify();
    }
  }

  /** Verification runs alongside writes, flushes and compactions without false alarms. */
  @Test
  void verifyDuringWrites() throws Exception {
    long seed = Seeds.seed();
    MemVfs image = pristine.processCrashClone();
    try (Cairn db = Cairn.open(DIR, options(image))) {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread writer =
          new Thread(
              () -> {
                Random rnd = new Random(seed);
                try {
                  for (int i = 0; !stop.get() && i < 20_000; i++) {
                    byte[] v = new byte[20 + rnd.nextInt(50)];
                    rnd.nextBytes(v);
                    db.put(key(rnd.nextInt(2000)), v);
                  }
                } catch (Throwable t) {
                  failure.set(t);
                }
              });
      writer.start();
      try {
        for (int i = 0; i < 15; i++) {
          db.verify();
        }
      } finally {
        stop.set(true);
        writer.join();
      }
      assertEquals(null, failure.get(), "seed " + seed);
      db.verify();
    }
  }
}
