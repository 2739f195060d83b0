package org.cairndb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.cairndb.fs.NioVfs;
import org.cairndb.fs.WritableFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory-mapped write-ahead log ({@link Options.Builder#mappedWal}) on the real file system: a
 * copy of the directory taken while the database is open (the page-cache state a {@code kill -9}
 * leaves, zero-filled log tail included) opens with every acknowledged write; the log is truncated
 * to its records on close; {@code mappedWal(false)} writes plain appends.
 */
class MappedWalTest {
  private static final int KEYS = 20_000;

  @TempDir Path tmp;

  @Test
  void aCopyTakenWhileOpenHasEveryAcknowledgedWrite() throws IOException {
    assumeMappingAvailable();
    Path dir = tmp.resolve("db");
    Path copy = tmp.resolve("copy");
    // About 2.6 MB of log (three regions), all in the memtable: nothing in the background changes
    // the directory while it is copied.
    try (Cairn db = Cairn.open(dir)) {
      for (int i = 0; i < KEYS; i++) {
        db.put(key(i), value(i));
      }
      db.delete(key(7));
      Path live = newestLog(dir);
      assertEquals(0, Files.size(live) % (1 << 20), "the live log is preallocated");
      copyDirectory(dir, copy);
    }
    for (Path d : List.of(copy, dir)) {
      try (Cairn db = Cairn.open(d)) {
        for (int i = 0; i < KEYS; i++) {
          if (i == 7) {
            assertEquals(null, db.get(key(i)));
          } else {
            assertArrayEquals(value(i), db.get(key(i)), d + " key " + i);
          }
        }
        db.put(key(KEYS), value(KEYS));
      }
    }
  }

  @Test
  void theLogIsTruncatedToItsRecordsOnClose() throws IOException {
    assumeMappingAvailable();
    Path dir = tmp.resolve("db");
    try (Cairn db = Cairn.open(dir)) {
      db.put(key(1), value(1));
    }
    long size = Files.size(newestLog(dir));
    assertTrue(size > 0 && size < 200, "log of one small record: " + size + " bytes");
  }

  @Test
  void withoutMappingTheLogHoldsOnlyItsRecords() throws IOException {
    Path dir = tmp.resolve("db");
    try (Cairn db = Cairn.open(dir, Options.builder().mappedWal(false).build())) {
      db.put(key(1), value(1));
      long size = Files.size(newestLog(dir));
      assertTrue(size > 0 && size < 200, "log of one small record: " + size + " bytes");
    }
    try (Cairn db = Cairn.open(dir)) {
      assertArrayEquals(value(1), db.get(key(1)));
    }
  }

  private static void assumeMappingAvailable() throws IOException {
    Path probe = Files.createTempFile("cairn-probe", ".log");
    try (WritableFile f = NioVfs.get().createLog(probe)) {
      f.append(new byte[1]);
      assumeTrue(Files.size(probe) > 1, "this platform appends logs with write(2)");
    } finally {
      Files.delete(probe);
    }
  }

  private static Path newestLog(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".log"))
          .max(Path::compareTo)
          .orElseThrow();
    }
  }

  private static void copyDirectory(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (!p.getFileName().toString().equals("LOCK")) {
          Files.copy(p, to.resolve(p.getFileName()));
        }
      }
    }
  }

  private static byte[] key(int i) {
    return String.format("key%08d", i).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] value(int i) {
    return String.format("value-%0100d", i).getBytes(StandardCharsets.UTF_8);
  }
}
