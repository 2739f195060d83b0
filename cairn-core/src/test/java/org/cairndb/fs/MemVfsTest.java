package org.cairndb.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Vfs} contract on {@link MemVfs}, plus its crash simulation and damage helpers. Every
 * test also checks that it left no file open.
 */
final class MemVfsTest extends AbstractVfsContractTest {
  private final MemVfs mem = new MemVfs();
  private final Path dir = Path.of("memvfs", "db").toAbsolutePath();

  @Override
  Vfs vfs() {
    return mem;
  }

  @Override
  Path root() {
    return dir;
  }

  @BeforeEach
  void makeRoot() throws IOException {
    mem.mkdirs(dir);
    mem.syncDir(dir);
  }

  @AfterEach
  void noLeakedHandles() {
    assertEquals(0, mem.openHandles(), "open handles left behind");
  }

  /** Creates {@code name}, appends {@code synced} and syncs, then appends {@code unsynced}. */
  private Path writeSplit(String name, String synced, String unsynced) throws IOException {
    Path p = dir.resolve(name);
    try (WritableFile w = mem.create(p)) {
      w.append(bytes(synced));
      w.sync();
      w.append(bytes(unsynced));
    }
    return p;
  }

  @Test
  void unsyncedBytesAreLostSyncedBytesKept() throws IOException {
    Path p = writeSplit("000003.log", "synced;", "lost");
    mem.syncDir(dir);
    MemVfs after = mem.crashClone();
    assertArrayEquals(bytes("synced;"), after.readAll(p));
    assertArrayEquals(bytes("synced;lost"), mem.readAll(p), "the original is untouched");
    assertEquals(7, after.size(p));
  }

  @Test
  void fileCreatedWithoutDirectorySyncVanishes() throws IOException {
    Path p = writeSplit("000004.sst", "all synced", "");
    MemVfs after = mem.crashClone();
    assertFalse(after.exists(p));
    assertEquals(List.of(), after.list(dir));
    assertTrue(after.exists(dir), "directories are durable on creation");

    mem.syncDir(dir);
    assertArrayEquals(bytes("all synced"), mem.crashClone().readAll(p));
  }

  @Test
  void renameWithoutDirectorySyncIsUndone() throws IOException {
    Path current = writeSplit("CURRENT", "MANIFEST-1\n", "");
    Path tmp = writeSplit("CURRENT.tmp", "MANIFEST-2\n", "");
    mem.syncDir(dir);
    mem.rename(tmp, current);

    MemVfs undone = mem.crashClone();
    assertArrayEquals(bytes("MANIFEST-1\n"), undone.readAll(current));
    assertArrayEquals(bytes("MANIFEST-2\n"), undone.readAll(tmp));

    mem.syncDir(dir);
    MemVfs done = mem.crashClone();
    assertArrayEquals(bytes("MANIFEST-2\n"), done.readAll(current));
    assertFalse(done.exists(tmp));
  }

  @Test
  void deleteWithoutDirectorySyncIsUndone() throws IOException {
    Path p = writeSplit("000005.sst", "table", "tail");
    mem.syncDir(dir);
    mem.delete(p);
    assertFalse(mem.exists(p));
    assertArrayEquals(bytes("table"), mem.crashClone().readAll(p));
    mem.syncDir(dir);
    assertFalse(mem.crashClone().exists(p));
  }

  @Test
  void deletedThenRecreatedNameRevertsToDurableFile() throws IOException {
    Path p = writeSplit("LOG", "old", "");
    mem.syncDir(dir);
    mem.delete(p);
    writeSplit("LOG", "new", "");
    assertArrayEquals(bytes("old"), mem.crashClone().readAll(p));
    mem.syncDir(dir);
    assertArrayEquals(bytes("new"), mem.crashClone().readAll(p));
  }

  @Test
  void truncationByCreateIsImmediatelyDurable() throws IOException {
    Path p = writeSplit("CURRENT", "MANIFEST-1\n", "");
    mem.syncDir(dir);
    try (WritableFile w = mem.create(p)) {
      w.append(bytes("MANIFEST-2\n"));
    }
    assertArrayEquals(new byte[0], mem.crashClone().readAll(p));
  }

  @Test
  void renameAcrossDirectoriesNeedsBothSynced() throws IOException {
    Path archive = dir.resolve("archive");
    mem.mkdirs(archive);
    Path src = writeSplit("000006.sst", "data", "");
    mem.syncDir(dir);
    Path dst = archive.resolve("000006.sst");
    mem.rename(src, dst);
    mem.syncDir(archive);
    MemVfs half = mem.crashClone();
    assertArrayEquals(bytes("data"), half.readAll(src));
    assertArrayEquals(bytes("data"), half.readAll(dst));
    half.writeBytes(src, 0, bytes("D"));
    assertArrayEquals(bytes("Data"), half.readAll(dst), "both names keep pointing at one file");
    mem.syncDir(dir);
    MemVfs whole = mem.crashClone();
    assertFalse(whole.exists(src));
    assertArrayEquals(bytes("data"), whole.readAll(dst));
  }

  @Test
  void tornWritesKeepOnlyPrefixesOfTheUnsyncedTail() throws IOException {
    long seed = Long.getLong("cairn.seed", System.nanoTime());
    Random data = new Random(seed);
    byte[] synced = randomBytes(data, 100);
    byte[] tail = randomBytes(data, 50);
    Path p = dir.resolve("000008.log");
    try (WritableFile w = mem.create(p)) {
      w.append(synced);
      w.sync();
      w.append(tail);
    }
    Path fullySynced = writeSplit("000009.log", "steady", "");
    mem.syncDir(dir);
    byte[] full = mem.readAll(p);
    boolean sawNone = false;
    boolean sawAll = false;
    boolean sawPart = false;
    for (int i = 0; i < 300; i++) {
      String msg = "seed " + seed + " round " + i;
      MemVfs after = mem.crashClone(new Random(seed + i));
      byte[] got = after.readAll(p);
      assertTrue(got.length >= synced.length && got.length <= full.length, msg);
      assertArrayEquals(Arrays.copyOf(full, got.length), got, msg);
      assertArrayEquals(bytes("steady"), after.readAll(fullySynced), msg);
      assertArrayEquals(got, mem.crashClone(new Random(seed + i)).readAll(p), "seeded: " + msg);
      sawNone |= got.length == synced.length;
      sawAll |= got.length == full.length;
      sawPart |= got.length > synced.length && got.length < full.length;
      // What survived is on disk now: a second power loss keeps it all.
      assertArrayEquals(got, after.crashClone(new Random(i)).readAll(p), msg);
    }
    assertTrue(sawNone && sawAll && sawPart, "seed " + seed);
  }

  @Test
  void processCrashKeepsEverythingAndTheSyncState() throws IOException {
    Path durable = writeSplit("000010.log", "synced", "+unsynced");
    mem.syncDir(dir);
    Path fresh = writeSplit("000011.log", "", "never synced");
    MemVfs killed = mem.processCrashClone();
    assertArrayEquals(bytes("synced+unsynced"), killed.readAll(durable));
    assertArrayEquals(bytes("never synced"), killed.readAll(fresh));
    MemVfs thenPowerLoss = killed.crashClone();
    assertArrayEquals(bytes("synced"), thenPowerLoss.readAll(durable));
    assertFalse(thenPowerLoss.exists(fresh));
  }

  @Test
  void clonesShareNothingWithTheOriginal() throws IOException {
    Path p = writeSplit("f", "abc", "");
    mem.syncDir(dir);
    try (Closeable lock = mem.lock(dir.resolve("LOCK"))) {
      for (MemVfs clone : List.of(mem.crashClone(), mem.processCrashClone())) {
        try (WritableFile w = clone.create(p)) {
          w.append(bytes("xyz!"));
        }
        clone.lock(dir.resolve("LOCK")).close();
        assertEquals(0, clone.openHandles());
      }
      assertArrayEquals(bytes("abc"), mem.readAll(p));
    }
  }

  @Test
  void openHandlesCountsUnclosedFiles() throws IOException {
    Path p = dir.resolve("f");
    WritableFile w = mem.create(p);
    assertEquals(1, mem.openHandles());
    ReadableFile r = mem.open(p);
    assertEquals(2, mem.openHandles());
    w.close();
    w.close();
    assertEquals(1, mem.openHandles());
    r.close();
    r.close();
    assertEquals(0, mem.openHandles());
  }

  @Test
  void deletedFileStaysReadableThroughOpenHandle() throws IOException {
    Path p = writeSplit("f", "still here", "");
    try (ReadableFile r = mem.open(p)) {
      mem.delete(p);
      byte[] dst = new byte[10];
      r.readFully(0, dst, 0, 10);
      assertArrayEquals(bytes("still here"), dst);
    }
  }

  @Test
  void damageHelpers() throws IOException {
    Path p = writeSplit("f", "abcdef", "");
    mem.syncDir(dir);
    mem.flipBit(p, 1, 0);
    assertArrayEquals(bytes("accdef"), mem.readAll(p));
    mem.writeBytes(p, 4, bytes("XYZ"));
    assertArrayEquals(bytes("accdXYZ"), mem.readAll(p));
    mem.truncate(p, 3);
    assertArrayEquals(bytes("acc"), mem.readAll(p));
    assertEquals(3, mem.size(p));
    assertArrayEquals(bytes("acc"), mem.crashClone().readAll(p), "damage to synced bytes stays");
    assertThrows(IllegalArgumentException.class, () -> mem.flipBit(p, 3, 0));
    assertThrows(IllegalArgumentException.class, () -> mem.flipBit(p, 0, 8));
    assertThrows(IllegalArgumentException.class, () -> mem.truncate(p, 4));
    assertThrows(IllegalArgumentException.class, () -> mem.writeBytes(p, 4, bytes("x")));
    assertThrows(IllegalArgumentException.class, () -> mem.readAll(dir.resolve("missing")));
  }

  @Test
  void extendedBytesFromDamageAreNotSynced() throws IOException {
    Path p = writeSplit("f", "ab", "");
    mem.syncDir(dir);
    mem.writeBytes(p, 2, bytes("cd"));
    assertArrayEquals(bytes("ab"), mem.crashClone().readAll(p));
  }

  @Test
  void nonEmptyDirectoryCannotBeDeleted() throws IOException {
    writeSplit("f", "x", "");
    assertThrows(IOException.class, () -> mem.delete(dir));
    mem.delete(dir.resolve("f"));
    mem.delete(dir);
    assertFalse(mem.exists(dir));
  }
}
