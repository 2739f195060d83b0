package org.cairndb.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Vfs} must share, run against each implementation by a subclass that
 * supplies the file system and an existing, empty working directory.
 */
abstract class AbstractVfsContractTest {
  /** The file system under test. */
  abstract Vfs vfs();

  /** An existing, empty directory of {@link #vfs()} to work in. */
  abstract Path root();

  static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  static byte[] randomBytes(Random rnd, int len) {
    byte[] b = new byte[len];
    rnd.nextBytes(b);
    return b;
  }

  byte[] readWhole(Path p) throws IOException {
    try (ReadableFile f = vfs().open(p)) {
      byte[] all = new byte[Math.toIntExact(f.size())];
      f.readFully(0, all, 0, all.length);
      return all;
    }
  }

  void write(Path p, byte[] data) throws IOException {
    try (WritableFile w = vfs().create(p)) {
      w.append(data);
      w.sync();
    }
  }

  @Test
  void createAppendReadAndSize() throws IOException {
    Path p = root().resolve("000001.log");
    try (WritableFile w = vfs().create(p)) {
      assertEquals(0, w.size());
      w.append(bytes("hello "));
      w.append(bytes("xxworldxx"), 2, 5);
      assertEquals(11, w.size());
      w.sync();
      w.append(new byte[0]);
      assertEquals(11, w.size());
      assertEquals(11, vfs().size(p), "appended bytes are visible before close");
    }
    assertTrue(vfs().exists(p));
    assertEquals(11, vfs().size(p));
    try (ReadableFile r = vfs().open(p)) {
      assertEquals(11, r.size());
      byte[] dst = new byte[9];
      r.readFully(6, dst, 2, 5);
      assertEquals("world", new String(dst, 2, 5, UTF_8));
      r.readFully(11, dst, 0, 0);
      r.readFully(0, dst, 0, 5);
      assertEquals("hello", new String(dst, 0, 5, UTF_8));
    }
  }

  /** Reads into one array at changing offsets and lengths, and into other arrays in between. */
  @Test
  void successiveReadsIntoOneArrayLandWhereAsked() throws IOException {
    Path p = root().resolve("digits");
    write(p, bytes("0123456789abcdefghij"));
    try (ReadableFile r = vfs().open(p)) {
      byte[] dst = new byte[8];
      r.readFully(10, dst, 2, 5);
      assertEquals("\0\0abcde\0", new String(dst, UTF_8));
      r.readFully(0, dst, 0, 3);
      assertEquals("012bcde\0", new String(dst, UTF_8));
      byte[] other = new byte[4];
      r.readFully(16, other, 0, 4);
      assertEquals("ghij", new String(other, UTF_8));
      r.readFully(3, dst, 6, 2);
      assertEquals("012bcd34", new String(dst, UTF_8));
      r.readFully(19, dst, 7, 1);
      assertEquals("012bcd3j", new String(dst, UTF_8));
    }
  }

  @Test
  void readFullyPastEndThrowsEof() throws IOException {
    Path p = root().resolve("short");
    write(p, bytes("0123456789"));
    try (ReadableFile r = vfs().open(p)) {
      byte[] dst = new byte[20];
      assertThrows(EOFException.class, () -> r.readFully(0, dst, 0, 11));
      assertThrows(EOFException.class, () -> r.readFully(8, dst, 0, 3));
      assertThrows(EOFException.class, () -> r.readFully(10, dst, 0, 1));
      assertThrows(EOFException.class, () -> r.readFully(100, dst, 0, 1));
      assertThrows(EOFException.class, () -> r.readFully(-1, dst, 0, 1));
      r.readFully(7, dst, 0, 3);
      assertEquals("789", new String(dst, 0, 3, UTF_8));
    }
  }

  @Test
  void createTruncatesExistingFile() throws IOException {
    Path p = root().resolve("CURRENT");
    write(p, bytes("a much longer first content"));
    write(p, bytes("short"));
    assertArrayEquals(bytes("short"), readWhole(p));
  }

  @Test
  void missingFilesAreReportedAsIoErrors() throws IOException {
    Path p = root().resolve("missing");
    assertFalse(vfs().exists(p));
    assertThrows(NoSuchFileException.class, () -> vfs().open(p));
    assertThrows(IOException.class, () -> vfs().size(p));
    assertThrows(IOException.class, () -> vfs().list(root().resolve("nodir")));
    assertThrows(IOException.class, () -> vfs().rename(p, root().resolve("other")));
    assertThrows(IOException.class, () -> vfs().create(root().resolve("nodir/file")));
    assertThrows(IOException.class, () -> vfs().syncDir(root().resolve("nodir")));
    assertDoesNotThrow(() -> vfs().delete(p), "deleting a missing file is not an error");
  }

  @Test
  void listReturnsNamesOnly() throws IOException {
    assertEquals(List.of(), vfs().list(root()));
    write(root().resolve("b.sst"), bytes("b"));
    write(root().resolve("a.log"), bytes("a"));
    vfs().mkdirs(root().resolve("sub"));
    write(root().resolve("sub").resolve("nested"), bytes("n"));
    List<String> names = new ArrayList<>(vfs().list(root()));
    names.sort(null);
    assertEquals(List.of("a.log", "b.sst", "sub"), names);
    assertEquals(List.of("nested"), vfs().list(root().resolve("sub")));
  }

  @Test
  void deleteRemovesFile() throws IOException {
    Path p = root().resolve("doomed");
    write(p, bytes("x"));
    vfs().delete(p);
    assertFalse(vfs().exists(p));
    assertEquals(List.of(), vfs().list(root()));
    vfs().delete(p);
  }

  @Test
  void renameMovesAndReplaces() throws IOException {
    Path tmp = root().resolve("MANIFEST.tmp");
    Path dst = root().resolve("MANIFEST");
    write(dst, bytes("old"));
    write(tmp, bytes("new content"));
    vfs().rename(tmp, dst);
    assertFalse(vfs().exists(tmp));
    assertArrayEquals(bytes("new content"), readWhole(dst));
    assertEquals(List.of("MANIFEST"), vfs().list(root()));

    vfs().mkdirs(root().resolve("archive"));
    Path moved = root().resolve("archive").resolve("MANIFEST-1");
    vfs().rename(dst, moved);
    assertArrayEquals(bytes("new content"), readWhole(moved));
    assertFalse(vfs().exists(dst));
    vfs().syncDir(root());
    vfs().syncDir(root().resolve("archive"));
  }

  @Test
  void openReaderSurvivesRenameOfItsFile() throws IOException {
    Path p = root().resolve("a");
    write(p, bytes("stable"));
    try (ReadableFile r = vfs().open(p)) {
      vfs().rename(p, root().resolve("b"));
      byte[] dst = new byte[6];
      r.readFully(0, dst, 0, 6);
      assertArrayEquals(bytes("stable"), dst);
    }
  }

  @Test
  void mkdirsCreatesParentsAndIsIdempotent() throws IOException {
    Path deep = root().resolve("x").resolve("y").resolve("z");
    vfs().mkdirs(deep);
    assertTrue(vfs().exists(deep));
    assertTrue(vfs().exists(root().resolve("x").resolve("y")));
    vfs().mkdirs(deep);
    write(deep.resolve("f"), bytes("f"));
    assertEquals(List.of("f"), vfs().list(deep));
    vfs().syncDir(deep);
    assertThrows(IOException.class, () -> vfs().mkdirs(deep.resolve("f")), "a file is in the way");
  }

  @Test
  void lockIsExclusiveAndReleasedByClose() throws IOException {
    Path lockFile = root().resolve("LOCK");
    Closeable lock = vfs().lock(lockFile);
    assertTrue(vfs().exists(lockFile), "lock creates the lock file");
    IOException e = assertThrows(IOException.class, () -> vfs().lock(lockFile));
    assertTrue(e.getMessage().contains("locked"), e.getMessage());
    Path sameFileOtherSpelling = root().resolve("sub").resolve("..").resolve("LOCK");
    vfs().mkdirs(root().resolve("sub"));
    IOException e2 = assertThrows(IOException.class, () -> vfs().lock(sameFileOtherSpelling));
    assertTrue(e2.getMessage().contains("locked"), e2.getMessage());
    try (Closeable other = vfs().lock(root().resolve("OTHER_LOCK"))) {
      assertTrue(vfs().exists(root().resolve("OTHER_LOCK")));
    }
    lock.close();
    lock.close();
    try (Closeable again = vfs().lock(lockFile)) {
      assertThrows(IOException.class, () -> vfs().lock(lockFile));
    }
    vfs().lock(lockFile).close();
  }

  @Test
  void closedHandlesRefuseOperations() throws IOException {
    Path p = root().resolve("f");
    WritableFile w = vfs().create(p);
    w.append(bytes("abc"));
    w.close();
    w.close();
    IOException e = assertThrows(IOException.class, () -> w.append(bytes("d")));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    assertThrows(IOException.class, w::sync);
    assertArrayEquals(bytes("abc"), readWhole(p));

    ReadableFile r = vfs().open(p);
    r.close();
    r.close();
    IOException e2 = assertThrows(IOException.class, () -> r.readFully(0, new byte[1], 0, 1));
    assertTrue(e2.getMessage().contains("closed"), e2.getMessage());
  }

  @Test
  void concurrentPositionalReads() throws Exception {
    long seed = Long.getLong("cairn.seed", System.nanoTime());
    Random rnd = new Random(seed);
    byte[] content = randomBytes(rnd, 64 * 1024);
    Path p = root().resolve("shared");
    write(p, content);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (ReadableFile r = vfs().open(p)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        long threadSeed = seed + t;
        futures.add(
            pool.submit(
                () -> {
                  Random tr = new Random(threadSeed);
                  for (int i = 0; i < 500; i++) {
                    int len = tr.nextInt(4096);
                    int pos = tr.nextInt(content.length - len + 1);
                    byte[] dst = new byte[len];
                    r.readFully(pos, dst, 0, len);
                    assertArrayEquals(
                        Arrays.copyOfRange(content, pos, pos + len), dst, "seed " + seed);
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
      assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
    }
  }

  /** Random operations checked against a map of names to contents. */
  @Test
  void randomOperationsMatchModel() throws IOException {
    long seed = Long.getLong("cairn.seed", System.nanoTime());
    for (int round = 0; round < 5; round++) {
      Random rnd = new Random(seed + round);
      Path dir = root().resolve("model" + round);
      vfs().mkdirs(dir);
      Map<String, byte[]> model = new TreeMap<>();
      String[] names = {"a", "b", "c", "d"};
      for (int step = 0; step < 200; step++) {
        String name = names[rnd.nextInt(names.length)];
        Path p = dir.resolve(name);
        String msg = "seed " + (seed + round) + " step " + step;
        switch (rnd.nextInt(5)) {
          case 0 -> {
            byte[] data = randomBytes(rnd, rnd.nextInt(3000));
            try (WritableFile w = vfs().create(p)) {
              int at = 0;
              while (at < data.length) {
                int n = 1 + rnd.nextInt(data.length - at);
                w.append(data, at, n);
                at += n;
                if (rnd.nextBoolean()) {
                  w.sync();
                }
              }
              assertEquals(data.length, w.size(), msg);
            }
            model.put(name, data);
          }
          case 1 -> {
            String to = names[rnd.nextInt(names.length)];
            if (model.containsKey(name)) {
              vfs().rename(p, dir.resolve(to));
              model.put(to, model.remove(name));
            } else {
              assertThrows(IOException.class, () -> vfs().rename(p, dir.resolve(to)), msg);
            }
          }
          case 2 -> {
            vfs().delete(p);
            model.remove(name);
          }
          case 3 -> {
            List<String> listed = new ArrayList<>(vfs().list(dir));
            listed.sort(null);
            assertEquals(new ArrayList<>(model.keySet()), listed, msg);
          }
          default -> {
            byte[] expected = model.get(name);
            assertEquals(expected != null, vfs().exists(p), msg);
            if (expected != null) {
              assertEquals(expected.length, vfs().size(p), msg);
              try (ReadableFile r = vfs().open(p)) {
                int len = rnd.nextInt(expected.length + 1);
                int pos = rnd.nextInt(expected.length - len + 1);
                byte[] dst = new byte[len];
                r.readFully(pos, dst, 0, len);
                assertArrayEquals(Arrays.copyOfRange(expected, pos, pos + len), dst, msg);
                assertThrows(
                    EOFException.class,
                    () -> r.readFully(expected.length - len, new byte[len + 1], 0, len + 1),
                    msg);
              }
            }
          }
        }
      }
    }
  }
}
