package org.cairndb.internal.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cairndb.fs.WritableFile;
import org.junit.jupiter.api.Test;

class BufferedFileTest {
  private static final long SEED = Long.getLong("cairn.seed", System.nanoTime());

  /** Records what reaches the file system: the bytes, each append's size, syncs and closes. */
  private static final class Recorder implements WritableFile {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<Integer> appends = new ArrayList<>();
    int syncedSize = -1;
    boolean closed;
    boolean failAppends;

    @Override
    public void append(byte[] data, int off, int len) throws IOException {
      if (failAppends) {
        throw new IOException("disk full");
      }
      bytes.write(data, off, len);
      appends.add(len);
    }

    @Override
    public void sync() {
      syncedSize = bytes.size();
    }

    @Override
    public long size() {
      return bytes.size();
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void gathersSmallAppendsAndHandsEverythingOnBeforeSyncAndClose() throws IOException {
    Random rnd = new Random(SEED);
    Recorder r = new Recorder();
    BufferedFile f = new BufferedFile(r, new byte[1000]);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (int i = 0; i < 500; i++) {
      // Mostly small pieces, sometimes one larger than the buffer.
      byte[] piece = new byte[rnd.nextInt(20) == 0 ? 1000 + rnd.nextInt(3000) : rnd.nextInt(300)];
      rnd.nextBytes(piece);
      int off = piece.length == 0 ? 0 : rnd.nextInt(piece.length);
      f.append(piece, off, piece.length - off);
      expected.write(piece, off, piece.length - off);
      assertEquals(expected.size(), f.size(), "seed " + SEED);
    }
    assertTrue(r.appends.size() < 200, "seed " + SEED + ": " + r.appends.size() + " appends");
    for (int len : r.appends) {
      assertTrue(len > 0, "no empty appends");
    }
    f.sync();
    assertEquals(expected.size(), r.syncedSize, "a sync covers every byte appended");
    assertArrayEquals(expected.toByteArray(), r.bytes.toByteArray(), "seed " + SEED);
    f.append(new byte[] {1, 2, 3}, 0, 3);
    f.close();
    assertTrue(r.closed);
    assertEquals(expected.size() + 3, r.bytes.size(), "close hands on the rest");
  }

  @Test
  void aFailedHandOverStillClosesTheFile() {
    Recorder r = new Recorder();
    BufferedFile f = new BufferedFile(r, new byte[64]);
    assertThrows(
        IOException.class,
        () -> {
          f.append(new byte[10], 0, 10);
          r.failAppends = true;
          f.close();
        });
    assertTrue(r.closed);
    assertThrows(IndexOutOfBoundsException.class, () -> f.append(new byte[4], 2, 3));
  }
}
