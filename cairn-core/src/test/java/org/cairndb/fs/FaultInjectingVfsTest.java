package org.cairndb.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.cairndb.fs.FaultInjectingVfs.Op;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** {@link FaultInjectingVfs} over a {@link MemVfs}: the ready-made policies, counting, no leaks. */
final class FaultInjectingVfsTest {
  private final MemVfs mem = new MemVfs();
  private final FaultInjectingVfs vfs = new FaultInjectingVfs(mem);
  private final Path dir = Path.of("faulty", "db").toAbsolutePath();
  private final Path file = dir.resolve("000001.log");

  @BeforeEach
  void makeDir() throws IOException {
    mem.mkdirs(dir);
  }

  @AfterEach
  void noLeakedHandles() {
    assertEquals(0, mem.openHandles(), "open handles left behind");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  private static void assertInjected(Executable op) {
    IOException e = assertThrows(IOException.class, op);
    assertTrue(e.getMessage().startsWith("injected fault:"), e.getMessage());
  }

  @Test
  void passesEverythingThroughWithoutPolicyAndCounts() throws IOException {
    vfs.mkdirs(dir);
    try (WritableFile w = vfs.create(file)) {
      w.append(bytes("ab"));
      w.append(bytes("cd"));
      w.sync();
      assertEquals(4, w.size());
    }
    vfs.syncDir(dir);
    assertTrue(vfs.exists(file));
    assertEquals(4, vfs.size(file));
    try (ReadableFile r = vfs.open(file)) {
      byte[] dst = new byte[4];
      r.readFully(0, dst, 0, 4);
      assertArrayEquals(bytes("abcd"), dst);
      assertEquals(4, r.size());
    }
    assertEquals(List.of("000001.log"), vfs.list(dir));
    vfs.rename(file, dir.resolve("b"));
    vfs.delete(dir.resolve("b"));
    vfs.lock(dir.resolve("LOCK")).close();

    Map<Op, Long> counts = vfs.countsByOp();
    assertEquals(Op.values().length, counts.size());
    assertEquals(2L, counts.get(Op.APPEND));
    assertEquals(2L, counts.get(Op.SIZE), "Vfs.size and ReadableFile.size");
    assertEquals(3L, counts.get(Op.CLOSE), "writer, reader, lock");
    for (Op op : EnumSet.complementOf(EnumSet.of(Op.APPEND, Op.SIZE, Op.CLOSE))) {
      assertEquals(1L, counts.get(op), op.toString());
    }
    assertEquals(counts.values().stream().mapToLong(Long::longValue).sum(), vfs.operationCount());
    assertEquals(18, vfs.operationCount());
  }

  @Test
  void failOnceFailsOnlyTheNthMatchingOperation() throws IOException {
    vfs.setPolicy(FaultInjectingVfs.failOnce(Op.APPEND, 2));
    try (WritableFile w = vfs.create(file)) {
      w.append(bytes("a"));
      w.sync();
      w.append(bytes("b"));
      assertInjected(() -> w.append(bytes("c")));
      w.append(bytes("d"));
      w.append(bytes("e"));
    }
    assertArrayEquals(bytes("abde"), mem.readAll(file), "the failed append wrote nothing");
    assertEquals(5L, vfs.countsByOp().get(Op.APPEND), "failed operations are counted too");
  }

  @Test
  void failOnceZeroFailsTheNextOne() throws IOException {
    vfs.setPolicy(FaultInjectingVfs.failOnce(Op.CREATE, 0));
    assertInjected(() -> vfs.create(file));
    assertFalse(mem.exists(file), "a failed create creates nothing");
    vfs.create(file).close();
    assertTrue(mem.exists(file));
  }

  @Test
  void failFromFailsEverythingFromTheKthOperation() throws IOException {
    long seed = Long.getLong("cairn.seed", System.nanoTime());
    for (int k = 0; k < 8; k++) {
      MemVfs fresh = new MemVfs();
      fresh.mkdirs(dir);
      FaultInjectingVfs f = new FaultInjectingVfs(fresh);
      f.setPolicy(FaultInjectingVfs.failFrom(k));
      int succeeded = 0;
      int failed = 0;
      Random rnd = new Random(seed + k);
      for (int i = 0; i < 10; i++) {
        try {
          switch (rnd.nextInt(3)) {
            case 0 -> f.mkdirs(dir);
            case 1 -> f.list(dir);
            default -> f.syncDir(dir);
          }
          assertEquals(0, failed, "an operation succeeded after a failure; seed " + seed);
          succeeded++;
        } catch (IOException e) {
          assertTrue(e.getMessage().startsWith("injected fault:"), e.getMessage());
          failed++;
        }
      }
      assertEquals(k, succeeded, "seed " + seed);
      assertEquals(10, f.operationCount());
    }
  }

  @Test
  void failedCloseStillClosesTheWrappedFile() throws IOException {
    WritableFile w = vfs.create(file);
    Closeable lock = vfs.lock(dir.resolve("LOCK"));
    vfs.setPolicy(FaultInjectingVfs.failFrom(0));
    assertInjected(w::close);
    assertInjected(lock::close);
    assertEquals(0, mem.openHandles());
    mem.lock(dir.resolve("LOCK")).close();
    assertInjected(() -> vfs.open(file));
    assertFalse(vfs.exists(file), "exists cannot throw, so a fault makes the file look absent");
    vfs.setPolicy(null);
    assertTrue(vfs.exists(file));
    vfs.open(file).close();
  }

  @Test
  void failRandomlyHitsOnlyChosenOperationsAtTheGivenRate() throws IOException {
    long seed = Long.getLong("cairn.seed", System.nanoTime());
    try (WritableFile w = vfs.create(file)) {
      w.append(new byte[100]);
    }
    vfs.setPolicy(FaultInjectingVfs.failRandomly(new Random(seed), 0.5, Set.of(Op.READ)));
    int readFailures = 0;
    try (ReadableFile r = vfs.open(file)) {
      for (int i = 0; i < 1000; i++) {
        assertEquals(100, r.size(), "SIZE is not in the set; seed " + seed);
        try {
          r.readFully(i % 100, new byte[1], 0, 1);
        } catch (IOException e) {
          assertTrue(e.getMessage().startsWith("injected fault: READ"), e.getMessage());
          readFailures++;
        }
      }
    }
    assertTrue(readFailures > 350 && readFailures < 650, readFailures + " failures; seed " + seed);

    vfs.setPolicy(FaultInjectingVfs.failRandomly(new Random(seed), 1.0, EnumSet.of(Op.LIST)));
    assertInjected(() -> vfs.list(dir));
    vfs.setPolicy(FaultInjectingVfs.failRandomly(new Random(seed), 0.0, EnumSet.allOf(Op.class)));
    for (int i = 0; i < 100; i++) {
      vfs.list(dir);
    }
  }

  @Test
  void failRandomlyIsReproducibleFromTheSeed() throws IOException {
    long seed = Long.getLong("cairn.seed", System.nanoTime());
    StringBuilder first = new StringBuilder();
    StringBuilder second = new StringBuilder();
    for (StringBuilder out : List.of(first, second)) {
      vfs.setPolicy(FaultInjectingVfs.failRandomly(new Random(seed), 0.3, EnumSet.of(Op.LIST)));
      for (int i = 0; i < 200; i++) {
        try {
          vfs.list(dir);
          out.append('.');
        } catch (IOException e) {
          out.append('x');
        }
      }
    }
    assertEquals(first.toString(), second.toString(), "seed " + seed);
  }

  @Test
  void diskFullRejectsWholeAppendsBeyondCapacity() throws IOException {
    vfs.setPolicy(FaultInjectingVfs.diskFull(10));
    try (WritableFile w = vfs.create(file)) {
      w.append(bytes("123456"));
      IOException e = assertThrows(IOException.class, () -> w.append(bytes("78901")));
      assertTrue(e.getMessage().startsWith("No space left on device"), e.getMessage());
      assertEquals(6, w.size(), "nothing of the rejected append was written");
      assertArrayEquals(bytes("123456"), mem.readAll(file));
      w.append(bytes("7890"));
      assertThrows(IOException.class, () -> w.append(bytes("x")));
      w.append(new byte[0]);
      w.sync();
    }
    try (WritableFile other = vfs.create(dir.resolve("other"))) {
      assertThrows(IOException.class, () -> other.append(bytes("y")), "capacity is shared");
      assertEquals(0, other.size());
    }
    assertArrayEquals(bytes("1234567890"), mem.readAll(file));
  }

  @Test
  void combinedPolicies() throws IOException {
    vfs.setPolicy(
        FaultInjectingVfs.all(
            FaultInjectingVfs.diskFull(3), FaultInjectingVfs.failOnce(Op.SYNC, 0)));
    try (WritableFile w = vfs.create(file)) {
      assertInjected(w::sync);
      w.sync();
      w.append(bytes("abc"));
      assertThrows(IOException.class, () -> w.append(bytes("d")));
    }
    assertArrayEquals(bytes("abc"), mem.readAll(file));
  }

  @Test
  void policiesSeeTheOperationAndPath() throws IOException {
    StringBuilder seen = new StringBuilder();
    vfs.setPolicy((op, path) -> seen.append(op).append(' ').append(path.getFileName()).append(';'));
    try (WritableFile w = vfs.create(file)) {
      w.append(bytes("x"));
    }
    vfs.rename(file, dir.resolve("renamed"));
    assertEquals(
        "CREATE 000001.log;APPEND 000001.log;CLOSE 000001.log;RENAME 000001.log;", seen.toString());
  }

  @Test
  void rejectsInvalidPolicyArguments() {
    assertThrows(IllegalArgumentException.class, () -> FaultInjectingVfs.failOnce(Op.READ, -1));
    assertThrows(IllegalArgumentException.class, () -> FaultInjectingVfs.failFrom(-1));
    assertThrows(IllegalArgumentException.class, () -> FaultInjectingVfs.diskFull(-1));
    assertThrows(
        IllegalArgumentException.class,
        () -> FaultInjectingVfs.failRandomly(new Random(1), 1.5, Set.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> FaultInjectingVfs.failRandomly(new Random(1), Double.NaN, Set.of()));
  }
}
