package org.cairndb.internal.iter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.cairndb.CairnException;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.ValueKind;
import org.junit.jupiter.api.Test;

class MergingIteratorTest {
  private static final int SCALE = Integer.getInteger("cairn.nightly", 1);

  private static final byte[] BYTES = {0x00, 0x01, 0x61, 0x7F, (byte) 0x80, (byte) 0xFF};

  /** An entry of the model: the merged stream is ordered by (key, child). */
  private static final class Item {
    final byte[] key;
    final byte[] value;
    final int child;

    Item(byte[] key, byte[] value, int child) {
      this.key = key;
      this.value = value;
      this.child = child;
    }
  }

  private static final Comparator<Item> MERGED_ORDER =
      Comparator.<Item, byte[]>comparing(item -> item.key, InternalKey::compare)
          .thenComparingInt(item -> item.child);

  @Test
  void randomAgainstSortedModel() {
    long base = Long.getLong("cairn.seed", System.nanoTime());
    for (int i = 0; i < 300 * SCALE; i++) {
      long seed = base + i * 0x9E3779B97F4A7C15L;
      try {
        runRandom(seed, /* duplicates= */ false);
      } catch (RuntimeException e) {
        throw new AssertionError("seed=" + seed, e);
      }
    }
  }

  /** Equal internal keys in several children: ordered by child index, reversible. */
  @Test
  void randomWithDuplicateKeysAcrossChildren() {
    long base = Long.getLong("cairn.seed", System.nanoTime());
    for (int i = 0; i < 150 * SCALE; i++) {
      long seed = base + i * 0x9E3779B97F4A7C15L;
      try {
        runRandom(seed, /* duplicates= */ true);
      } catch (RuntimeException e) {
        throw new AssertionError("seed=" + seed, e);
      }
    }
  }

  private static void runRandom(long seed, boolean duplicates) {
    Random rnd = new Random(seed);
    String msg = "seed=" + seed + " duplicates=" + duplicates;
    int childCount = rnd.nextInt(13);
    int entryCount = childCount == 0 ? 0 : rnd.nextInt(rnd.nextBoolean() ? 12 : 160);
    int maxSeq = duplicates ? 3 : 60;
    Comparator<byte[]> cmp = InternalKey::compare;
    List<TreeSet<byte[]>> perChild = new ArrayList<>();
    for (int c = 0; c < childCount; c++) {
      perChild.add(new TreeSet<>(cmp));
    }
    TreeSet<byte[]> all = new TreeSet<>(cmp);
    List<Item> model = new ArrayList<>();
    List<List<ListIterator.Entry>> childEntries = new ArrayList<>();
    for (int c = 0; c < childCount; c++) {
      childEntries.add(new ArrayList<>());
    }
    for (int n = 0; n < entryCount; n++) {
      int child = rnd.nextInt(childCount);
      byte[] key =
          randomInternalKey(rnd, maxSeq, rnd.nextBoolean() ? ValueKind.PUT : ValueKind.DELETE);
      if (perChild.get(child).contains(key) || (!duplicates && all.contains(key))) {
        continue;
      }
      perChild.get(child).add(key);
      all.add(key);
      byte[] value = ("c" + child + "n" + n).getBytes(UTF_8);
      model.add(new Item(key, value, child));
      childEntries.get(child).add(new ListIterator.Entry(key, value));
    }
    model.sort(MERGED_ORDER);
    List<ListIterator> children = new ArrayList<>();
    for (List<ListIterator.Entry> entries : childEntries) {
      children.add(new ListIterator(entries));
    }

    MergingIterator it = new MergingIterator(children);
    assertFalse(it.isValid(), msg);
    int pos = -1; // model position; valid when 0 <= pos < size
    int size = model.size();
    int ops = 1500;
    for (int op = 0; op < ops; op++) {
      boolean valid = pos >= 0 && pos < size;
      int choice = rnd.nextInt(100);
      String step;
      if (choice < 5) {
        step = "seekToFirst";
        it.seekToFirst();
        pos = 0;
      } else if (choice < 10) {
        step = "seekToLast";
        it.seekToLast();
        pos = size - 1;
      } else if (choice < 22) {
        byte[] target =
            size > 0 && rnd.nextBoolean()
                ? model.get(rnd.nextInt(size)).key
                : randomInternalKey(rnd, maxSeq + 1, rnd.nextInt(3) == 0 ? ValueKind.MAX : 1);
        step = "seek";
        it.seek(target);
        pos = lowerBound(model, target);
      } else if (!valid) {
        step = "next/prev while invalid";
        if (rnd.nextBoolean()) {
          assertThrows(IllegalStateException.class, it::next, msg);
        } else {
          assertThrows(IllegalStateException.class, it::prev, msg);
        }
      } else if (choice < 61) {
        step = "next";
        it.next();
        pos++;
      } else {
        step = "prev";
        it.prev();
        pos--;
      }
      String where = msg + " op=" + op + " step=" + step + " pos=" + pos;
      boolean expectValid = pos >= 0 && pos < size;
      assertEquals(expectValid, it.isValid(), where);
      if (expectValid) {
        Item expected = model.get(pos);
        assertSame(expected.key, it.key(), where);
        assertSame(expected.value, it.value(), where);
      } else {
        assertThrows(IllegalStateException.class, it::key, where);
        assertThrows(IllegalStateException.class, it::value, where);
      }
    }
    it.close();
    for (ListIterator child : children) {
      assertEquals(1, child.closeCount(), msg);
    }
  }

  private static int lowerBound(List<Item> model, byte[] target) {
    int lo = 0;
    int hi = model.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (InternalKey.compare(model.get(mid).key, target) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static byte[] randomInternalKey(Random rnd, int maxSeq, int kind) {
    byte[] user = new byte[rnd.nextInt(3)];
    for (int i = 0; i < user.length; i++) {
      user[i] = BYTES[rnd.nextInt(BYTES.length)];
    }
    return InternalKey.encode(user, rnd.nextInt(maxSeq + 1), kind);
  }

  @Test
  void forwardThenBackwardWithTiesVisitsExactReverse() {
    ListIterator.Entry a0 = ListIterator.put("a", 1, "a@0");
    ListIterator.Entry b0 = ListIterator.put("b", 1, "b@0");
    ListIterator.Entry b1 = new ListIterator.Entry(b0.key, "b@1".getBytes(UTF_8));
    ListIterator.Entry b2 = new ListIterator.Entry(b0.key, "b@2".getBytes(UTF_8));
    ListIterator.Entry c2 = ListIterator.put("c", 1, "c@2");
    MergingIterator it =
        new MergingIterator(
            List.of(ListIterator.of(a0, b0), ListIterator.of(b1), ListIterator.of(b2, c2)));
    List<String> seen = new ArrayList<>();
    it.seekToFirst();
    it.next(); // b@0
    it.next(); // b@1
    seen.add(str(it.value()));
    it.prev();
    seen.add(str(it.value()));
    it.next();
    seen.add(str(it.value()));
    it.next();
    seen.add(str(it.value()));
    it.prev();
    seen.add(str(it.value()));
    it.prev();
    seen.add(str(it.value()));
    it.prev();
    seen.add(str(it.value()));
    assertEquals(List.of("b@1", "b@0", "b@1", "b@2", "b@1", "b@0", "a@0"), seen);
    it.seekToLast();
    assertEquals("c@2", str(it.value()));
    it.prev();
    assertEquals("b@2", str(it.value()));
    it.close();
  }

  @Test
  void noChildrenAndEmptyChildrenAreNeverValid() {
    MergingIterator none = new MergingIterator(List.of());
    none.seekToFirst();
    assertFalse(none.isValid());
    none.seekToLast();
    assertFalse(none.isValid());
    none.seek(InternalKey.seekKey(new byte[0], 5));
    assertFalse(none.isValid());
    assertThrows(IllegalStateException.class, none::next);
    none.close();

    List<InternalIterator> empties = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      empties.add(i % 2 == 0 ? new EmptyIterator() : ListIterator.of());
    }
    MergingIterator it = new MergingIterator(empties);
    it.seekToLast();
    assertFalse(it.isValid());
    it.seekToFirst();
    assertFalse(it.isValid());
    assertThrows(IllegalStateException.class, it::key);
    assertThrows(IllegalStateException.class, it::value);
    assertThrows(IllegalStateException.class, it::prev);
    it.close();
  }

  @Test
  void closeClosesEveryChildOnceEvenWhenOneFails() {
    List<ListIterator> children = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      children.add(ListIterator.of(ListIterator.put("k" + i, 1, "v")));
    }
    CairnException first = new CairnException("first");
    CairnException second = new CairnException("second");
    children.get(1).failOnClose(first);
    children.get(4).failOnClose(second);
    MergingIterator it = new MergingIterator(children);
    it.seekToFirst();
    CairnException thrown = assertThrows(CairnException.class, it::close);
    assertSame(first, thrown);
    assertSame(second, thrown.getSuppressed()[0]);
    for (ListIterator child : children) {
      assertEquals(1, child.closeCount());
    }
    it.close(); // idempotent: children are not closed again
    for (ListIterator child : children) {
      assertEquals(1, child.closeCount());
    }
    assertThrows(IllegalStateException.class, it::isValid);
    assertThrows(IllegalStateException.class, it::seekToFirst);
    assertThrows(IllegalStateException.class, it::seekToLast);
    assertThrows(IllegalStateException.class, () -> it.seek(InternalKey.seekKey(new byte[0], 1)));
    assertThrows(IllegalStateException.class, it::next);
    assertThrows(IllegalStateException.class, it::key);
  }

  @Test
  void childFailureLeavesIteratorInvalidUntilNextSeek() {
    for (int childCount : new int[] {2, 9}) {
      List<ListIterator> children = new ArrayList<>();
      for (int i = 0; i < childCount; i++) {
        children.add(
            ListIterator.of(ListIterator.put("a" + i, 1, "x"), ListIterator.put("b" + i, 1, "y")));
      }
      MergingIterator it = new MergingIterator(children);
      it.seekToFirst();
      it.next();
      CairnException boom = new CairnException("io");
      // Turning backward re-seeks or moves every child; one of them fails.
      children.get(childCount - 1).arm(boom);
      assertSame(boom, assertThrows(CairnException.class, it::prev));
      assertFalse(it.isValid());
      assertThrows(IllegalStateException.class, it::next);
      it.seekToLast();
      assertTrue(it.isValid());
      assertEquals("b" + (childCount - 1), str(InternalKey.userKey(it.key())));
      it.close();
    }
  }

  private static String str(byte[] b) {
    return new String(b, UTF_8);
  }
}
