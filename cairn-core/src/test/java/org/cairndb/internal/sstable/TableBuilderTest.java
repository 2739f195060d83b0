package org.cairndb.internal.sstable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.cairndb.CairnException;
import org.cairndb.Compression;
import org.cairndb.Limits;
import org.cairndb.fs.WritableFile;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.ValueKind;
import org.cairndb.internal.util.Bytes;
import org.junit.jupiter.api.Test;

class TableBuilderTest {
  private static final long SEED = Long.getLong("cairn.seed", System.nanoTime());

  private static byte[] ik(String user, long seq) {
    return InternalKey.encode(BlockTest.bytes(user), seq, ValueKind.PUT);
  }

  private static String userOf(byte[] internalKey) {
    return new String(InternalKey.userKey(internalKey), java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void separatorExamples() {
    assertEquals("abd", userOf(TableBuilder.separator(ik("abcd", 1), 12, ik("abzz", 1))));
    assertEquals("abc2", userOf(TableBuilder.separator(ik("abc1xyz", 1), 15, ik("abd", 1))));
    // A prefix cannot be shortened; neither can the same user key.
    assertArrayEquals(ik("ab", 3), TableBuilder.separator(ik("ab", 3), 10, ik("abc", 1)));
    assertArrayEquals(ik("ab", 3), TableBuilder.separator(ik("ab", 3), 10, ik("ab", 2)));
    byte[] sep = TableBuilder.separator(ik("abcd", 1), 12, ik("abzz", 1));
    assertEquals(TableFormat.MAX_LOOKUP_SEQUENCE, InternalKey.sequence(sep));
    assertEquals(Long.MAX_VALUE, InternalKey.trailer(sep));
    assertEquals(ValueKind.MAX, InternalKey.kind(sep));
    assertEquals("b", userOf(TableBuilder.successor(ik("abc", 1), 11)));
    byte[] ff = InternalKey.encode(new byte[] {(byte) 0xFF, (byte) 0xFF}, 1, ValueKind.PUT);
    assertArrayEquals(ff, TableBuilder.successor(ff, ff.length));
  }

  @Test
  void separatorsLieBetweenTheirKeys() {
    Random rnd = new Random(SEED);
    for (int i = 0; i < 20_000; i++) {
      byte[] a = randomKey(rnd);
      byte[] b = randomKey(rnd);
      int c = InternalKey.compare(a, b);
      if (c == 0) {
        continue;
      }
      if (c > 0) {
        byte[] t = a;
        a = b;
        b = t;
      }
      byte[] padded = Arrays.copyOf(a, a.length + 5); // lastLen may be below the array length
      byte[] sep = TableBuilder.separator(padded, a.length, b);
      String msg = "seed " + SEED + " " + Bytes.hex(a) + " " + Bytes.hex(b) + " " + Bytes.hex(sep);
      assertTrue(InternalKey.compare(a, sep) <= 0, msg);
      assertTrue(InternalKey.compare(sep, b) < 0, msg);
      assertTrue(sep.length <= a.length, msg);
      byte[] succ = TableBuilder.successor(padded, a.length);
      assertTrue(InternalKey.compare(a, succ) <= 0, msg);
      assertTrue(succ.length <= a.length, msg);
    }
  }

  private static byte[] randomKey(Random rnd) {
    byte[] u = new byte[rnd.nextInt(6)];
    for (int i = 0; i < u.length; i++) {
      int r = rnd.nextInt(4);
      u[i] = r == 0 ? (byte) 0xFF : r == 1 ? 0 : (byte) rnd.nextInt(4);
    }
    return InternalKey.encode(u, rnd.nextInt(4), rnd.nextBoolean() ? ValueKind.PUT : 0);
  }

  @Test
  void rejectsBadInput() {
    MemFile.Writer w = new MemFile.Writer();
    TableBuilder b = new TableBuilder(w, "b.sst", 1, TableOptions.defaults());
    b.add(ik("m", 5), new byte[1]);
    assertThrows(IllegalArgumentException.class, () -> b.add(ik("m", 5), new byte[1]));
    assertThrows(IllegalArgumentException.class, () -> b.add(ik("m", 6), new byte[1]));
    assertThrows(IllegalArgumentException.class, () -> b.add(ik("a", 9), new byte[1]));
    assertThrows(IllegalArgumentException.class, () -> b.add(new byte[7], new byte[1]));
    byte[] merge = InternalKey.encode(BlockTest.bytes("z"), 1, ValueKind.RESERVED_MERGE);
    assertThrows(IllegalArgumentException.class, () -> b.add(merge, new byte[1]));
    byte[] huge = InternalKey.encode(new byte[Limits.MAX_KEY_BYTES + 1], 1, ValueKind.PUT);
    assertThrows(IllegalArgumentException.class, () -> b.add(huge, new byte[1]));
    b.add(ik("m", 4), new byte[0]);
    assertEquals(2, b.finish().entryCount());
    assertThrows(IllegalStateException.class, () -> b.add(ik("n", 1), new byte[0]));
    assertThrows(IllegalStateException.class, b::finish);
    assertThrows(
        IllegalArgumentException.class,
        () -> new TableBuilder(w, "b.sst", 1, TableOptions.defaults()));
  }

  @Test
  void optionsAreValidated() {
    assertThrows(
        IllegalArgumentException.class, () -> new TableOptions(0, 16, 10, Compression.NONE));
    assertThrows(
        IllegalArgumentException.class,
        () -> new TableOptions((4 << 20) + 1, 16, 10, Compression.NONE));
    assertThrows(
        IllegalArgumentException.class, () -> new TableOptions(4096, 0, 10, Compression.NONE));
    assertThrows(
        IllegalArgumentException.class, () -> new TableOptions(4096, 16, -1, Compression.NONE));
    assertThrows(NullPointerException.class, () -> new TableOptions(4096, 16, 10, null));
    TableOptions d = TableOptions.defaults();
    assertEquals(4096, d.blockSize());
    assertEquals(16, d.restartInterval());
    assertEquals(10, d.bloomBitsPerKey());
    assertEquals(Compression.ZSTD, d.withCompression(Compression.ZSTD).compression());
  }

  @Test
  void ioErrorsBecomeCairnExceptions() {
    WritableFile failing =
        new WritableFile() {
          @Override
          public void append(byte[] data, int off, int len) throws IOException {
            throw new IOException("disk full");
          }

          @Override
          public void sync() {}

          @Override
          public long size() {
            return 0;
          }

          @Override
          public void close() {}
        };
    TableBuilder b =
        new TableBuilder(failing, "io.sst", 1, TableOptions.defaults().withBlockSize(16));
    CairnException e = assertThrows(CairnException.class, () -> b.add(ik("k", 1), new byte[64]));
    assertTrue(e.getMessage().contains("io.sst"));
    assertThrows(IllegalStateException.class, () -> b.add(ik("l", 1), new byte[1]));
  }

  @Test
  void abandonStopsWriting() {
    MemFile.Writer w = new MemFile.Writer();
    TableBuilder b = new TableBuilder(w, "a.sst", 1, TableOptions.defaults());
    b.add(ik("k", 1), new byte[10]);
    b.abandon();
    assertThrows(IllegalStateException.class, b::finish);
    assertEquals(0, w.size());
  }
}
