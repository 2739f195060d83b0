package org.cairndb.internal.iter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.cairndb.CairnException;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.ValueKind;
import org.cairndb.internal.util.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class DbIteratorTest {
  private static final int SCALE = Integer.getInteger("cairn.nightly", 1);

  /** User keys the random histories draw from: empty, 0x00/0xFF edges, prefixes of each other. */
  private static final byte[][] KEY_POOL = {
    {},
    {0x00},
    {0x00, 0x00},
    {0x00, (byte) 0xFF},
    {0x01},
    {'a'},
    {'a', 'b'},
    {'a', 'b', 'c'},
    {'b'},
    {0x7F},
    {(byte) 0x80},
    {(byte) 0xFF},
    {(byte) 0xFF, 0x00},
    {(byte) 0xFF, (byte) 0xFF},
  };

  private static final byte[] TARGET_BYTES = {0x00, 0x01, 'a', 'b', 'c', 0x7F, (byte) 0x80, -1};

  /** One write of a history. */
  private static final class Write {
    final byte[] userKey;
    final long seq;
    final byte[] value; // null for a delete

    Write(byte[] userKey, long seq, byte[] value) {
      this.userKey = userKey;
      this.seq = seq;
      this.value = value;
    }
  }

  @Test
  void randomHistoriesAgainstModel() {
    long base = Long.getLong("cairn.seed", System.nanoTime());
    for (int i = 0; i < 120 * SCALE; i++) {
      long seed = base + i * 0x9E3779B97F4A7C15L;
      try {
        runRandom(seed);
      } catch (RuntimeException e) {
        throw new AssertionError("seed=" + seed, e);
      }
    }
  }

  private static void runRandom(long seed) {
    Random rnd = new Random(seed);
    List<byte[]> alphabet = new ArrayList<>(Arrays.asList(KEY_POOL));
    Collections.shuffle(alphabet, rnd);
    alphabet = alphabet.subList(0, 1 + rnd.nextInt(alphabet.size()));
    int writeCount = rnd.nextInt(4) == 0 ? rnd.nextInt(6) : rnd.nextInt(250);
    int deletePercent = rnd.nextInt(70);
    List<Write> history = new ArrayList<>();
    long seq = rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(3);
    for (int w = 0; w < writeCount; w++) {
      byte[] key = alphabet.get(rnd.nextInt(alphabet.size()));
      byte[] value = null;
      if (rnd.nextInt(100) >= deletePercent) {
        value = new byte[rnd.nextInt(4)];
        rnd.nextBytes(value);
      }
      history.add(new Write(key, seq, value));
      seq += rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(3) : 1;
    }
    long maxSeq = seq;
    int childCount = 1 + rnd.nextInt(8);
    for (int snap = 0; snap < 4; snap++) {
      long snapshot =
          rnd.nextInt(3) == 0
              ? maxSeq
              : rnd.nextInt(3) == 0 ? 0 : (long) rnd.nextInt((int) maxSeq + 1);
      String msg = "seed=" + seed + " snapshot=" + snapshot + " children=" + childCount;
      runAtSnapshot(rnd, history, alphabet, childCount, snapshot, msg);
    }
  }

  private static void runAtSnapshot(
      Random rnd,
      List<Write> history,
      List<byte[]> alphabet,
      int childCount,
      long snapshot,
      String msg) {
    TreeMap<byte[], byte[]> model = new TreeMap<>(Bytes::compare);
    List<List<ListIterator.Entry>> perChild = new ArrayList<>();
    for (int c = 0; c < childCount; c++) {
      perChild.add(new ArrayList<>());
    }
    for (Write w : history) {
      int kind = w.value == null ? ValueKind.DELETE : ValueKind.PUT;
      byte[] value = w.value == null ? new byte[0] : w.value;
      perChild
          .get(rnd.nextInt(childCount))
          .add(new ListIterator.Entry(InternalKey.encode(w.userKey, w.seq, kind), value));
      if (w.seq <= snapshot) {
        if (w.value == null) {
          model.remove(w.userKey);
        } else {
          model.put(w.userKey, w.value);
        }
      }
    }
    List<ListIterator> children = new ArrayList<>();
    for (List<ListIterator.Entry> entries : perChild) {
      children.add(new ListIterator(entries));
    }
    AtomicInteger closed = new AtomicInteger();
    DbIterator it =
        new DbIterator(new MergingIterator(children), snapshot, closed::incrementAndGet);
    assertFalse(it.isValid(), msg);

    byte[] pos = null; // the model's current key, null when not positioned
    for (int op = 0; op < 1200; op++) {
      int choice = rnd.nextInt(100);
      String step;
      if (choice < 4) {
        step = "seekToFirst";
        it.seekToFirst();
        pos = model.isEmpty() ? null : model.firstKey();
      } else if (choice < 8) {
        step = "seekToLast";
        it.seekToLast();
        pos = model.isEmpty() ? null : model.lastKey();
      } else if (choice < 16) {
        byte[] target = randomTarget(rnd, alphabet);
        step = "seek(" + Bytes.hex(target) + ")";
        it.seek(target);
        pos = model.ceilingKey(target);
      } else if (choice < 24) {
        byte[] target = randomTarget(rnd, alphabet);
        step = "seekForPrev(" + Bytes.hex(target) + ")";
        it.seekForPrev(target);
        pos = model.floorKey(target);
      } else if (pos == null) {
        step = "move while invalid";
        assertThrows(CairnException.class, rnd.nextBoolean() ? it::next : it::prev, msg);
      } else if (choice < 62) {
        step = "next";
        it.next();
        pos = model.higherKey(pos);
      } else {
        step = "prev";
        it.prev();
        pos = model.lowerKey(pos);
      }
      String where = msg + " op=" + op + " step=" + step;
      assertEquals(pos != null, it.isValid(), where);
      if (pos != null) {
        byte[] key = it.key();
        assertArrayEquals(pos, key, where);
        assertSame(key, it.key(), where + ": key() must not copy again");
        // Values are the child's arrays, passed on without copying.
        assertSame(model.get(pos), it.value(), where);
      } else {
        assertThrows(CairnException.class, it::key, where);
        assertThrows(CairnException.class, it::value, where);
      }
    }
    it.close();
    assertEquals(1, closed.get(), msg);
    for (ListIterator child : children) {
      assertEquals(1, child.closeCount(), msg);
    }
  }

  private static byte[] randomTarget(Random rnd, List<byte[]> alphabet) {
    if (rnd.nextBoolean()) {
      return alphabet.get(rnd.nextInt(alphabet.size())).clone();
    }
    byte[] t = new byte[rnd.nextInt(4)];
    for (int i = 0; i < t.length; i++) {
      t[i] = TARGET_BYTES[rnd.nextInt(TARGET_BYTES.length)];
    }
    return t;
  }

  private static DbIterator cursor(long seq, ListIterator... children) {
    return new DbIterator(new MergingIterator(List.of(children)), seq, () -> {});
  }

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  /**
   * Collects the visible state forward and backward and checks both agree with {@code expected}.
   */
  private static void assertContents(DbIterator it, Map<String, String> expected) {
    List<String> forward = new ArrayList<>();
    for (it.seekToFirst(); it.isValid(); it.next()) {
      forward.add(new String(it.key(), UTF_8) + "=" + new String(it.value(), UTF_8));
    }
    List<String> backward = new ArrayList<>();
    for (it.seekToLast(); it.isValid(); it.prev()) {
      backward.add(0, new String(it.key(), UTF_8) + "=" + new String(it.value(), UTF_8));
    }
    List<String> want = new ArrayList<>();
    new TreeMap<>(expected).forEach((k, v) -> want.add(k + "=" + v));
    assertEquals(want, forward);
    assertEquals(want, backward);
  }

  @Test
  void snapshotHidesNewerWritesAndTombstonesHideOlderOnes() {
    ListIterator.Entry[] history = {
      ListIterator.put("a", 1, "a1"),
      ListIterator.put("b", 2, "b2"),
      ListIterator.delete("b", 3),
      ListIterator.put("b", 4, "b4"),
      ListIterator.put("c", 5, "c5"),
      ListIterator.delete("a", 6),
      ListIterator.put("c", 7, "c7"),
    };
    assertContents(cursor(0, ListIterator.of(history)), Map.of());
    assertContents(cursor(1, ListIterator.of(history)), Map.of("a", "a1"));
    assertContents(cursor(2, ListIterator.of(history)), Map.of("a", "a1", "b", "b2"));
    assertContents(cursor(3, ListIterator.of(history)), Map.of("a", "a1"));
    assertContents(cursor(5, ListIterator.of(history)), Map.of("a", "a1", "b", "b4", "c", "c5"));
    assertContents(cursor(6, ListIterator.of(history)), Map.of("b", "b4", "c", "c5"));
    assertContents(cursor(100, ListIterator.of(history)), Map.of("b", "b4", "c", "c7"));
  }

  @Test
  void directionSwitchesOverManyVersionsAndTombstones() {
    // b has versions on both sides of the snapshot (6) and a tombstone between; d is deleted.
    DbIterator it =
        cursor(
            6,
            ListIterator.of(
                ListIterator.put("a", 1, "a1"),
                ListIterator.put("b", 2, "b2"),
                ListIterator.delete("d", 6)),
            ListIterator.of(
                ListIterator.delete("b", 3),
                ListIterator.put("b", 5, "b5"),
                ListIterator.put("d", 4, "d4")),
            ListIterator.of(
                ListIterator.put("b", 4, "b4"), ListIterator.put("b", 8, "b8"),
                ListIterator.put("c", 9, "c9"), ListIterator.put("e", 2, "e2")));
    it.seek(b("b"));
    assertEquals("b5", new String(it.value(), UTF_8));
    it.prev();
    assertEquals("a", new String(it.key(), UTF_8));
    it.next();
    assertEquals("b5", new String(it.value(), UTF_8));
    it.next();
    assertEquals("e", new String(it.key(), UTF_8));
    it.prev();
    assertEquals("b5", new String(it.value(), UTF_8));
    it.prev();
    it.prev();
    assertFalse(it.isValid());
    it.seekForPrev(b("d"));
    assertEquals("b", new String(it.key(), UTF_8));
    it.next();
    assertEquals("e2", new String(it.value(), UTF_8));
    it.next();
    assertFalse(it.isValid());
    it.close();
  }

  @Test
  void emptyKeyEmptyValueAndExtremeBytes() {
    byte[] empty = {};
    byte[] zero = {0x00};
    byte[] ff = {(byte) 0xFF};
    byte[] ffff = {(byte) 0xFF, (byte) 0xFF};
    byte[] v = {7};
    DbIterator it =
        cursor(
            10,
            new ListIterator(
                List.of(
                    new ListIterator.Entry(InternalKey.encode(empty, 1, ValueKind.PUT), empty),
                    new ListIterator.Entry(InternalKey.encode(ff, 2, ValueKind.PUT), v),
                    new ListIterator.Entry(InternalKey.encode(zero, 3, ValueKind.PUT), empty))),
            new ListIterator(
                List.of(new ListIterator.Entry(InternalKey.encode(ffff, 4, ValueKind.PUT), v))));
    it.seekToFirst();
    assertArrayEquals(empty, it.key());
    assertArrayEquals(empty, it.value());
    it.next();
    assertArrayEquals(zero, it.key());
    assertArrayEquals(empty, it.value());
    it.next();
    assertArrayEquals(ff, it.key());
    it.next();
    assertArrayEquals(ffff, it.key());
    it.next();
    assertFalse(it.isValid());

    it.seek(empty);
    assertArrayEquals(empty, it.key());
    it.seekForPrev(empty);
    assertArrayEquals(empty, it.key());
    it.prev();
    assertFalse(it.isValid());
    it.seekForPrev(new byte[] {0x00, 0x00});
    assertArrayEquals(zero, it.key());
    it.seek(new byte[] {0x00, 0x00});
    assertArrayEquals(ff, it.key());
    it.seekForPrev(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
    assertArrayEquals(ffff, it.key());
    it.seek(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x00});
    assertFalse(it.isValid());
    it.close();
  }

  @Test
  void seekForPrevOverSequenceZeroTombstone() {
    // (b, 0, DELETE) is exactly the internal key seekForPrev("b") seeks to.
    ListIterator.Entry[] entries = {
      ListIterator.put("a", 1, "a1"), ListIterator.delete("b", 0), ListIterator.put("b", 2, "b2"),
    };
    DbIterator it = cursor(5, ListIterator.of(entries));
    it.seekForPrev(b("b"));
    assertEquals("b2", new String(it.value(), UTF_8));
    it.close();
    it = cursor(1, ListIterator.of(entries));
    it.seekForPrev(b("b"));
    assertEquals("a1", new String(it.value(), UTF_8));
    it.close();
    it = cursor(0, ListIterator.of(entries));
    it.seekForPrev(b("c"));
    assertFalse(it.isValid());
    it.close();
  }

  @Test
  void closedCursorRejectsEverythingAndClosesOnce() {
    AtomicInteger onClose = new AtomicInteger();
    ListIterator child = ListIterator.of(ListIterator.put("a", 1, "x"));
    DbIterator it =
        new DbIterator(new MergingIterator(List.of(child)), 5, onClose::incrementAndGet);
    it.seekToFirst();
    assertTrue(it.isValid());
    it.close();
    it.close();
    assertEquals(1, onClose.get());
    assertEquals(1, child.closeCount());
    List<Executable> calls =
        List.of(
            it::seekToFirst,
            it::seekToLast,
            () -> it.seek(b("a")),
            () -> it.seekForPrev(b("a")),
            it::isValid,
            it::key,
            it::value,
            it::next,
            it::prev);
    for (Executable call : calls) {
      CairnException e = assertThrows(CairnException.class, call);
      assertEquals("cursor is closed", e.getMessage());
    }
  }

  @Test
  void onCloseRunsEvenWhenClosingTheMergedIteratorFails() {
    AtomicInteger onClose = new AtomicInteger();
    ListIterator child = ListIterator.of();
    CairnException failure = new CairnException("close failed");
    child.failOnClose(failure);
    DbIterator it = new DbIterator(child, 1, onClose::incrementAndGet);
    assertSame(failure, assertThrows(CairnException.class, it::close));
    assertEquals(1, onClose.get());
    it.close();
    assertEquals(1, onClose.get());
  }

  @Test
  void unpositionedCursorThrows() {
    DbIterator it = cursor(5, ListIterator.of(ListIterator.put("a", 1, "x")));
    assertFalse(it.isValid());
    assertThrows(CairnException.class, it::key);
    assertThrows(CairnException.class, it::value);
    assertThrows(CairnException.class, it::next);
    assertThrows(CairnException.class, it::prev);
    it.seekToFirst();
    it.next();
    assertFalse(it.isValid());
    assertThrows(CairnException.class, it::key);
    assertThrows(CairnException.class, it::value);
    it.seekToLast();
    it.prev();
    assertFalse(it.isValid());
    assertThrows(CairnException.class, it::value);
    it.close();
  }

  @Test
  void nullTargetsNameTheArgument() {
    DbIterator it = cursor(5, ListIterator.of());
    assertEquals(
        "target", assertThrows(NullPointerException.class, () -> it.seek(null)).getMessage());
    assertEquals(
        "target",
        assertThrows(NullPointerException.class, () -> it.seekForPrev(null)).getMessage());
    it.close();
  }

  @Test
  void unknownKindsAreRejectedInBothDirections() {
    byte[] bad = InternalKey.encode(b("b"), 2, ValueKind.RESERVED_MERGE);
    ListIterator.Entry badEntry = new ListIterator.Entry(bad, b("m"));
    DbIterator forward = cursor(5, ListIterator.of(ListIterator.put("a", 1, "x"), badEntry));
    forward.seekToFirst();
    CairnException e = assertThrows(CairnException.class, forward::next);
    assertTrue(e.getMessage().contains("unknown value kind 2"), e.getMessage());
    assertFalse(forward.isValid());
    forward.close();

    DbIterator backward = cursor(5, ListIterator.of(ListIterator.put("a", 1, "x"), badEntry));
    assertThrows(CairnException.class, backward::seekToLast);
    assertFalse(backward.isValid());
    backward.close();
  }

  @Test
  void failureOfTheInternalIteratorLeavesCursorUnpositioned() {
    ListIterator child =
        ListIterator.of(ListIterator.put("a", 1, "x"), ListIterator.put("b", 1, "y"));
    DbIterator it = new DbIterator(child, 5, () -> {});
    it.seekToFirst();
    CairnException io = new CairnException("io");
    child.arm(io);
    assertSame(io, assertThrows(CairnException.class, it::next));
    assertFalse(it.isValid());
    assertThrows(CairnException.class, it::key);
    it.seekToLast();
    assertEquals("b", new String(it.key(), UTF_8));
    it.close();
  }

  @Test
  void rejectsOutOfRangeSequence() {
    assertThrows(
        IllegalArgumentException.class, () -> new DbIterator(new EmptyIterator(), -1, () -> {}));
    assertThrows(
        IllegalArgumentException.class,
        () -> new DbIterator(new EmptyIterator(), InternalKey.MAX_SEQUENCE + 1, () -> {}));
    DbIterator it = new DbIterator(new EmptyIterator(), 3, () -> {});
    it.seekToFirst();
    assertFalse(it.isValid());
    it.seekForPrev(b("z"));
    assertFalse(it.isValid());
    it.close();
  }
}
