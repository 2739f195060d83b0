package org.cairndb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cairndb.fs.MemVfs;
import org.cairndb.internal.db.FileNames;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Damage to every kind of file (flipped bits and truncations at many offsets): opening and reading
 * everything must give a {@link CorruptionException} naming the damaged file, or exactly the right
 * data (for the write-ahead log: the state of a prefix of the writes). Never wrong data, never a
 * raw runtime exception.
 */
class CorruptionTest {
  private static final Path DIR = Path.of("/db");
  private static MemVfs pristine;
  private static final List<List<Mutation>> HISTORY = new ArrayList<>();
  private static final List<Long> FINGERPRINTS = new ArrayList<>();

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

  @BeforeAll
  static void buildDatabase() {
    pristine = new MemVfs();
    Random rnd = new Random(7);
    Model model = new Model();
    FINGERPRINTS.add(model.fingerprint());
    try (Cairn db = Cairn.open(DIR, options(pristine))) {
      for (int i = 0; i < 1500; i++) {
        byte[] k =
            String.format("key%05d", rnd.nextInt(900))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<Mutation> op;
        if (rnd.nextInt(6) == 0) {
          db.delete(k);
          op = List.of(new Mutation(k, null));
        } else {
          byte[] v = new byte[10 + rnd.nextInt(60)];
          rnd.nextBytes(v);
          db.put(k, v);
          op = List.of(new Mutation(k, v));
        }
        HISTORY.add(op);
        Mutation.apply(op, model);
        FINGERPRINTS.add(model.fingerprint());
      }
    }
  }

  private static List<String> files(MemVfs vfs, FileNames.Kind kind) throws IOException {
    List<String> out = new ArrayList<>();
    for (String name : vfs.list(DIR)) {
      FileNames.Parsed p = FileNames.parse(name);
      if (p != null && p.kind() == kind) {
        out.add(name);
      }
    }
    return out;
  }

  /** Opens the damaged image and reads everything; checks the outcome. */
  private static void check(MemVfs image, String damaged, boolean prefixAllowed, String what) {
    try (Cairn db = Cairn.open(DIR, options(image))) {
      long f = Model.fingerprintOf(db);
      int match = -1;
      if (f == FINGERPRINTS.get(FINGERPRINTS.size() - 1)) {
        match = FINGERPRINTS.size() - 1;
      } else if (prefixAllowed) {
        match = FINGERPRINTS.lastIndexOf(f);
      }
      if (match < 0) {
        throw new AssertionError(what + ": wrong data returned without an error");
      }
      Model m = new Model();
      for (int k = 0; k < match; k++) {
        Mutation.apply(HISTORY.get(k), m);
      }
      m.assertSameAs(db, what);
    } catch (CorruptionException e) {
      assertTrue(
          e.getMessage().contains(damaged) || e.getMessage().contains(FileNames.CURRENT),
          what + ": exception does not name the file: " + e.getMessage());
    } catch (CairnException e) {
      // Unreadable metadata may be reported as a plain engine failure.
      assertTrue(
          damaged.equals(FileNames.CURRENT) || damaged.startsWith("MANIFEST"), what + ": " + e);
    }
  }

  private static void sweep(FileNames.Kind kind, boolean prefixAllowed) throws IOException {
    List<String> names = files(pristine, kind);
    assertTrue(!names.isEmpty(), "no " + kind + " file to damage");
    Random rnd = new Random(Seeds.seed());
    int cases = 0;
    for (String name : names) {
      long size = pristine.size(DIR.resolve(name));
      List<Long> offsets = new ArrayList<>();
      for (int i = 0; i < 48; i++) {
        offsets.add(size * i / 48);
      }
      offsets.add(0L);
      offsets.add(Math.max(0, size - 1));
      for (int i = 0; i < 24; i++) {
        offsets.add((long) rnd.nextInt((int) Math.max(1, size)));
      }
      for (long off : offsets) {
        if (size == 0) {
          break;
        }
        MemVfs flipped = pristine.processCrashClone();
        flipped.flipBit(DIR.resolve(name), off, rnd.nextInt(8));
        check(flipped, name, prefixAllowed, "bit flip in " + name + " at " + off);
        MemVfs cut = pristine.processCrashClone();
        cut.truncate(DIR.resolve(name), off);
        check(
            cut,
            name,
            prefixAllowed || kind == FileNames.Kind.LOG,
            "truncation of " + name + " at " + off);
        cases += 2;
      }
    }
    assertTrue(cases > 0);
  }

  @Test
  void damagedTables() throws IOException {
    sweep(FileNames.Kind.TABLE, false);
  }

  @Test
  void damagedWriteAheadLog() throws IOException {
    sweep(FileNames.Kind.LOG, true);
  }

  @Test
  void damagedManifest() throws IOException {
    sweep(FileNames.Kind.MANIFEST, false);
  }

  @Test
  void damagedCurrent() throws IOException {
    sweep(FileNames.Kind.CURRENT, false);
  }

  @Test
  void tableCopiedOverAnotherIsDetected() throws IOException {
    List<String> tables = files(pristine, FileNames.Kind.TABLE);
    assertTrue(tables.size() >= 2, "need two tables");
    MemVfs image = pristine.processCrashClone();
    byte[] a = image.readAll(DIR.resolve(tables.get(0)));
    image.truncate(DIR.resolve(tables.get(1)), 0);
    image.writeBytes(DIR.resolve(tables.get(1)), 0, a);
    check(image, tables.get(1), false, "table copied over another");
  }

  @Test
  void missingTableIsReportedByName() throws IOException {
    MemVfs image = pristine.processCrashClone();
    Cairn.open(DIR, options(image)).close(); // settles the tree: only live tables remain
    List<String> tables = files(image, FileNames.Kind.TABLE);
    image.delete(DIR.resolve(tables.get(0)));
    CorruptionException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            CorruptionException.class, () -> Cairn.open(DIR, options(image)).close());
    assertTrue(e.getMessage().contains(tables.get(0)), e.getMessage());
    assertEquals(tables.get(0), e.file());
  }
}
