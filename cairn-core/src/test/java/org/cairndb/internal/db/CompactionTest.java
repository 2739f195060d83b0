package org.cairndb.internal.db;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.ValueKind;
import org.cairndb.internal.version.FileMetadata;
import org.junit.jupiter.api.Test;

/** {@link Compaction#isTrivialMove}: which inputs may move down a level without a rewrite. */
class CompactionTest {
  private static long nextNumber = 1;

  private static FileMetadata file(String smallest, String largest) {
    byte[] s = InternalKey.encode(smallest.getBytes(StandardCharsets.UTF_8), 9, ValueKind.PUT);
    byte[] l = InternalKey.encode(largest.getBytes(StandardCharsets.UTF_8), 3, ValueKind.PUT);
    return new FileMetadata(nextNumber++, 1000, s, l, 3, 9);
  }

  @Test
  void oneFileWithNothingBelowMoves() {
    assertTrue(new Compaction(1, List.of(file("a", "c")), 2, List.of()).isTrivialMove());
  }

  @Test
  void disjointLevel0FilesMoveTogetherInAnyOrder() {
    List<FileMetadata> files = List.of(file("g", "h"), file("a", "c"), file("d", "f"));
    assertTrue(new Compaction(0, files, 1, List.of()).isTrivialMove());
  }

  @Test
  void overlappingInputsAreMerged() {
    List<FileMetadata> files = List.of(file("a", "d"), file("c", "f"));
    assertFalse(new Compaction(0, files, 1, List.of()).isTrivialMove());
  }

  @Test
  void inputsSharingABoundaryKeyAreMerged() {
    List<FileMetadata> files = List.of(file("a", "c"), file("c", "f"));
    assertFalse(new Compaction(0, files, 1, List.of()).isTrivialMove());
  }

  @Test
  void anythingOverlappingAtTheOutputLevelForcesAMerge() {
    assertFalse(
        new Compaction(0, List.of(file("a", "c")), 1, List.of(file("b", "z"))).isTrivialMove());
  }

  @Test
  void sameLevelRewritesAndTieredMergesNeverMove() {
    assertFalse(new Compaction(3, List.of(file("a", "c")), 3, List.of()).isTrivialMove());
    assertFalse(
        new Compaction(1, List.of(file("a", "c")), 3, List.of(), Map.of(2, List.of(file("x", "y"))))
            .isTrivialMove());
  }
}
