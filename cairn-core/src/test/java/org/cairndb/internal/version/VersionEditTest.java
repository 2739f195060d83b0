package org.cairndb.internal.version;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.cairndb.CorruptionException;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.ValueKind;
import org.junit.jupiter.api.Test;

class VersionEditTest {
  private static FileMetadata file(long n, String lo, String hi) {
    return new FileMetadata(
        n,
        1000 + n,
        InternalKey.encode(lo.getBytes(java.nio.charset.StandardCharsets.UTF_8), 5, ValueKind.PUT),
        InternalKey.encode(
            hi.getBytes(java.nio.charset.StandardCharsets.UTF_8), 3, ValueKind.DELETE),
        3,
        5);
  }

  @Test
  void roundTripsEveryField() {
    VersionEdit e =
        new VersionEdit()
            .setFormatVersion(1)
            .setLogNumber(7)
            .setNextFileNumber(99)
            .setLastSequence(123456789L)
            .deleteFile(2, 17)
            .addFile(0, file(12, "a", "m"))
            .addFile(6, file(13, "n", "z"));
    VersionEdit d = VersionEdit.decode(e.encode(), "MANIFEST-000001");
    assertEquals(1, d.formatVersion());
    assertEquals(7, d.logNumber());
    assertEquals(99, d.nextFileNumber());
    assertEquals(123456789L, d.lastSequence());
    assertEquals(1, d.deleted().size());
    assertEquals(new VersionEdit.Deleted(2, 17), d.deleted().get(0));
    assertEquals(2, d.added().size());
    FileMetadata f = d.added().get(1).file();
    assertEquals(6, d.added().get(1).level());
    assertEquals(13, f.number());
    assertEquals(1013, f.size());
    assertArrayEquals(file(13, "n", "z").smallest(), f.smallest());
    assertArrayEquals(file(13, "n", "z").largest(), f.largest());
    assertEquals(3, f.smallestSeq());
    assertEquals(5, f.largestSeq());
  }

  @Test
  void absentFieldsStayAbsent() {
    VersionEdit d = VersionEdit.decode(new VersionEdit().encode(), "m");
    assertEquals(-1, d.formatVersion());
    assertEquals(-1, d.logNumber());
    assertEquals(-1, d.nextFileNumber());
    assertEquals(-1, d.lastSequence());
  }

  @Test
  void unknownRequiredFieldIsRefusedAndOptionalOneSkipped() {
    byte[] required = {50, 1, 0};
    CorruptionException e =
        assertThrows(CorruptionException.class, () -> VersionEdit.decode(required, "MANIFEST-9"));
    assertTrue(e.getMessage().contains("MANIFEST-9"), e.getMessage());
    byte[] optional = {(byte) 150, 1, 2, 0, 42};
    assertEquals(0, VersionEdit.decode(optional, "m").added().size());
  }

  @Test
  void levelAndFileNumberOutOfRangeAreCorruption() {
    byte[] badLevel = new VersionEdit().deleteFile(7, 5).encode();
    assertThrows(CorruptionException.class, () -> VersionEdit.decode(badLevel, "m"));
    byte[] badNumber = new VersionEdit().deleteFile(1, 0).encode();
    assertThrows(CorruptionException.class, () -> VersionEdit.decode(badNumber, "m"));
  }

  @Test
  void everyTruncationAndRandomMutationGivesCorruptionOrAnEdit() {
    byte[] good =
        new VersionEdit()
            .setFormatVersion(1)
            .setLogNumber(3)
            .addFile(1, file(4, "abc", "abd"))
            .deleteFile(0, 2)
            .encode();
    for (int cut = 0; cut < good.length; cut++) {
      byte[] t = java.util.Arrays.copyOf(good, cut);
      try {
        VersionEdit.decode(t, "m");
      } catch (CorruptionException expected) {
        // fine: damage reported
      }
    }
    long seed = Long.getLong("cairn.seed", System.nanoTime());
    Random rnd = new Random(seed);
    for (int i = 0; i < 20_000; i++) {
      byte[] m = good.clone();
      int flips = 1 + rnd.nextInt(4);
      for (int j = 0; j < flips; j++) {
        m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
      }
      try {
        VersionEdit.decode(m, "m");
      } catch (CorruptionException expected) {
        // fine
      } catch (RuntimeException other) {
        throw new AssertionError("seed " + seed + ": unexpected " + other, other);
      }
    }
  }
}
