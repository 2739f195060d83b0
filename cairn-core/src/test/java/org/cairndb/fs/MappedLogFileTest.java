package org.cairndb.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MappedLogFile}: appends through a mapping, zero-filled regions, truncation on close. */
final class MappedLogFileTest {
  private static final int REGION = MappedLogFile.REGION_BYTES;

  @TempDir Path tmp;

  @BeforeEach
  void requireMapping() throws IOException {
    try (WritableFile probe = NioVfs.get().createLog(tmp.resolve("probe.log"))) {
      assumeTrue(probe instanceof MappedLogFile, "this platform appends logs with write(2)");
    }
    Files.delete(tmp.resolve("probe.log"));
  }

  @Test
  void appendsAcrossPiecesAndRegionsReadBackExactly() throws IOException {
    Random random = new Random(11);
    Path path = tmp.resolve("000001.log");
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    try (WritableFile file = NioVfs.get().createLog(path)) {
      assertInstanceOf(MappedLogFile.class, file);
      while (expected.size() < 2 * REGION + 12345) {
        // Mostly small appends, some spanning several 32 KiB pieces or a region boundary.
        int len = random.nextInt(10) == 0 ? random.nextInt(3 * 32 * 1024) : random.nextInt(300);
        byte[] data = new byte[len + 10];
        random.nextBytes(data);
        file.append(data, 5, len);
        expected.write(data, 5, len);
        assertEquals(expected.size(), file.size());
      }
      // While open the file runs ahead to the end of the current region, with zeros.
      long onDisk = Files.size(path);
      assertEquals(0, onDisk % REGION);
      assertTrue(onDisk >= expected.size() && onDisk - expected.size() <= REGION);
      byte[] image = Files.readAllBytes(path);
      assertArrayEquals(expected.toByteArray(), Arrays.copyOf(image, expected.size()));
      for (int i = expected.size(); i < image.length; i++) {
        assertEquals(0, image[i], "preallocated byte " + i);
      }
      file.sync();
    }
    assertArrayEquals(expected.toByteArray(), Files.readAllBytes(path));
  }

  @Test
  void aLogThatNeverReceivedAnAppendStaysEmpty() throws IOException {
    Path path = tmp.resolve("000002.log");
    WritableFile file = NioVfs.get().createLog(path);
    assertEquals(0, Files.size(path));
    file.sync();
    assertEquals(0, Files.size(path));
    file.close();
    assertEquals(0, Files.size(path));
  }

  @Test
  void anAppendThatEndsARegionExactlyThenTheNext() throws IOException {
    Path path = tmp.resolve("000003.log");
    byte[] first = new byte[REGION];
    Arrays.fill(first, (byte) 7);
    try (WritableFile file = NioVfs.get().createLog(path)) {
      file.append(first);
      assertEquals(REGION, Files.size(path));
      file.append(new byte[] {9});
      assertEquals(2L * REGION, Files.size(path));
    }
    byte[] image = Files.readAllBytes(path);
    assertEquals(REGION + 1, image.length);
    assertEquals(7, image[REGION - 1]);
    assertEquals(9, image[REGION]);
  }

  @Test
  void closedFileRefusesAppendAndSyncWithIoException() throws IOException {
    Path path = tmp.resolve("000004.log");
    WritableFile file = NioVfs.get().createLog(path);
    file.append(new byte[] {1, 2, 3});
    file.close();
    file.close(); // idempotent
    assertThrows(IOException.class, () -> file.append(new byte[] {4}));
    assertThrows(IOException.class, file::sync);
    assertEquals(3, file.size());
    assertEquals(3, Files.size(path));
  }

  @Test
  void createLogTruncatesAnExistingFile() throws IOException {
    Path path = tmp.resolve("000005.log");
    Files.write(path, new byte[5000]);
    try (WritableFile file = NioVfs.get().createLog(path)) {
      assertEquals(0, file.size());
      file.append(new byte[] {1});
    }
    assertEquals(1, Files.size(path));
  }

  @Test
  void appendRejectsBadSlicesBeforeWriting() throws IOException {
    Path path = tmp.resolve("000006.log");
    try (WritableFile file = NioVfs.get().createLog(path)) {
      assertThrows(IndexOutOfBoundsException.class, () -> file.append(new byte[4], 3, 2));
      assertEquals(0, file.size());
    }
    assertEquals(0, Files.size(path));
  }
}
