package org.cairndb.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link Vfs} contract on the real file system, plus what only {@link NioVfs} can show. */
final class NioVfsTest extends AbstractVfsContractTest {
  @TempDir Path tmp;

  @Override
  Vfs vfs() {
    return NioVfs.get();
  }

  @Override
  Path root() {
    return tmp;
  }

  @BeforeEach
  void requireEmptyRoot() throws IOException {
    assertEquals(List.of(), vfs().list(tmp));
  }

  @Test
  void sharedInstance() {
    assertSame(NioVfs.get(), NioVfs.get());
  }

  @Test
  void newFilesAndDirectoriesAreOwnerOnly() throws IOException {
    assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path file = tmp.resolve("000007.sst");
    write(file, bytes("secret"));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    Path dir = tmp.resolve("db").resolve("inner");
    vfs().mkdirs(dir);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("db"))));
    Path lockFile = dir.resolve("LOCK");
    vfs().lock(lockFile).close();
    assertEquals(
        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(lockFile)));
  }

  @Test
  void appendedBytesReachTheOsBeforeClose() throws IOException {
    Path p = tmp.resolve("wal");
    try (WritableFile w = vfs().create(p)) {
      w.append(bytes("visible"));
      // Read through java.nio directly: no user-space buffer may hold the bytes back.
      assertArrayEquals(bytes("visible"), Files.readAllBytes(p));
    }
  }

  @Test
  void openRefusesDirectory() {
    assertThrows(IOException.class, () -> vfs().open(tmp));
  }

  @Test
  void interruptedReaderDoesNotBreakOtherReaders() throws Exception {
    Path p = tmp.resolve("table");
    write(p, bytes("0123456789"));
    try (ReadableFile r = vfs().open(p)) {
      AtomicReference<Throwable> seen = new AtomicReference<>();
      Thread t =
          new Thread(
              () -> {
                Thread.currentThread().interrupt();
                try {
                  r.readFully(0, new byte[4], 0, 4);
                } catch (Throwable e) {
                  seen.set(e);
                }
              });
      t.start();
      t.join();
      assertTrue(seen.get() instanceof ClosedByInterruptException, String.valueOf(seen.get()));
      byte[] dst = new byte[4];
      r.readFully(3, dst, 0, 4);
      assertEquals("3456", new String(dst, StandardCharsets.UTF_8));
      assertEquals(10, r.size());
    }
  }

  @Test
  void reopenAfterInterruptRefusesReplacedFile() throws Exception {
    Path p = tmp.resolve("table");
    write(p, bytes("0123456789"));
    try (ReadableFile r = vfs().open(p)) {
      Thread t =
          new Thread(
              () -> {
                Thread.currentThread().interrupt();
                try {
                  r.size();
                } catch (IOException expected) {
                  // The interrupt closed the channel, which is what this test needs.
                }
              });
      t.start();
      t.join();
      write(tmp.resolve("imposter"), bytes("abcdefghij"));
      vfs().rename(tmp.resolve("imposter"), p);
      IOException e = assertThrows(IOException.class, () -> r.readFully(0, new byte[4], 0, 4));
      assertTrue(e.getMessage().contains("replaced"), e.getMessage());
    }
  }

  @Test
  void lockHeldByThisJvmIsRefusedToAnotherProcess() throws Exception {
    Path lockFile = tmp.resolve("LOCK");
    try (Closeable lock = vfs().lock(lockFile)) {
      // A refused second attempt in this JVM must not open (and close) a channel on the lock file:
      // on POSIX that would drop the OS lock and let the other process in.
      assertThrows(IOException.class, () -> vfs().lock(lockFile));
      ProbeResult held = probe(lockFile);
      assertEquals(LockProbeMain.LOCKED, held.exitCode, held.output);
      assertTrue(held.output.contains("locked"), held.output);
    }
    ProbeResult free = probe(lockFile);
    assertEquals(LockProbeMain.ACQUIRED, free.exitCode, free.output);
  }

  private static final class ProbeResult {
    final int exitCode;
    final String output;

    ProbeResult(int exitCode, String output) {
      this.exitCode = exitCode;
      this.output = output;
    }
  }

  private static ProbeResult probe(Path lockFile) throws Exception {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Process child =
        new ProcessBuilder(
                java,
                "-Xshare:auto",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                LockProbeMain.class.getName(),
                lockFile.toString())
            .redirectErrorStream(true)
            .start();
    child.getOutputStream().close();
    String output;
    try (var in = child.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!child.waitFor(2, TimeUnit.MINUTES)) {
      child.destroyForcibly();
      throw new AssertionError("lock probe did not finish; output: " + output);
    }
    return new ProbeResult(child.exitValue(), output);
  }
}
