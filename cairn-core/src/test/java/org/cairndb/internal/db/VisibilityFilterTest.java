package org.cairndb.internal.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.ValueKind;
import org.junit.jupiter.api.Test;

class VisibilityFilterTest {
  private static byte[] k(String user, long seq, int kind) {
    return InternalKey.encode(user.getBytes(StandardCharsets.UTF_8), seq, kind);
  }

  private static List<Long> kept(VisibilityFilter f, byte[]... keys) {
    List<Long> out = new ArrayList<>();
    for (byte[] key : keys) {
      if (f.keep(key)) {
        out.add(InternalKey.sequence(key));
      }
    }
    return out;
  }

  @Test
  void withoutSnapshotsOnlyNewestSurvives() {
    VisibilityFilter f = new VisibilityFilter(List.of(), null);
    assertEquals(
        List.of(9L, 4L),
        kept(
            f,
            k("a", 9, ValueKind.PUT),
            k("a", 5, ValueKind.PUT),
            k("b", 4, ValueKind.DELETE),
            k("b", 2, ValueKind.PUT)));
  }

  @Test
  void snapshotsKeepTheVersionEachCanSee() {
    // Snapshots at 5 and 10; versions 12, 7, 6, 3, 2: 12 (latest), 7 (seen by 10), 3 (seen by 5).
    VisibilityFilter f = new VisibilityFilter(List.of(5L, 10L), null);
    assertEquals(
        List.of(12L, 7L, 3L),
        kept(
            f,
            k("a", 12, ValueKind.PUT),
            k("a", 7, ValueKind.PUT),
            k("a", 6, ValueKind.PUT),
            k("a", 3, ValueKind.PUT),
            k("a", 2, ValueKind.PUT)));
  }

  @Test
  void tombstonesDropOnlyAtTheBottomAndOutsideSnapshots() {
    VisibilityFilter bottom = new VisibilityFilter(List.of(), key -> true);
    assertEquals(List.of(), kept(bottom, k("a", 9, ValueKind.DELETE), k("a", 3, ValueKind.PUT)));
    VisibilityFilter notBottom = new VisibilityFilter(List.of(), key -> false);
    assertEquals(
        List.of(9L), kept(notBottom, k("a", 9, ValueKind.DELETE), k("a", 3, ValueKind.PUT)));
    // A snapshot at 5 still sees the put at 3, so the tombstone at 9 must stay to hide it from
    // others.
    VisibilityFilter snap = new VisibilityFilter(List.of(5L), key -> true);
    assertEquals(
        List.of(9L, 3L), kept(snap, k("a", 9, ValueKind.DELETE), k("a", 3, ValueKind.PUT)));
  }
}
