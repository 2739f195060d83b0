package org.cairndb.internal.memtable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.cairndb.internal.iter.InternalIterator;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.Lookup;
import org.cairndb.internal.key.ValueKind;
import org.cairndb.internal.util.Bytes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One writer inserts sequences 1..N while two readers continuously look up and iterate. Every entry
 * is derivable from its sequence (the key is {@code keys[seq % KEYS]}, the kind and value are
 * functions of seq), so readers can check that whatever they see is complete and correct, that
 * lookups at a published sequence return exactly the newest version, and that iteration is strictly
 * sorted and misses no published entry. No timing assertions: readers simply run until the writer
 * is done.
 */
final class MemTableConcurrencyTest {
  private static final int KEYS = 4096;
  private static final byte[][] USER_KEYS = new byte[KEYS][];

  static {
    for (int k = 0; k < KEYS; k++) {
      // Distinct keys (the multiplier is odd, so bijective) with shared prefixes and 0x00/0xFF.
      byte[] prefix =
          switch (k % 3) {
            case 0 -> new byte[0];
            case 1 -> new byte[] {0x00};
            default -> new byte[] {(byte) 0xFF, (byte) 0xFF};
          };
      int mixed = k * 0x9E3779B1;
      byte[] key = Arrays.copyOf(prefix, prefix.length + 4);
      for (int i = 0; i < 4; i++) {
        key[prefix.length + i] = (byte) (mixed >>> (24 - 8 * i));
      }
      USER_KEYS[k] = key;
    }
  }

  private final long seed = Long.getLong("cairn.seed", System.nanoTime());

  private static int kindOf(long seq) {
    return seq % 7 == 0 ? ValueKind.DELETE : ValueKind.PUT;
  }

  private static byte[] valueOf(long seq, int chunkBytes) {
    if (kindOf(seq) == ValueKind.DELETE) {
      return new byte[0];
    }
    int len = seq % 10007 == 0 ? chunkBytes + 100 : 8 + (int) (seq % 29);
    byte[] v = new byte[len];
    for (int i = 0; i < len; i++) {
      v[i] = (byte) (seq >>> (8 * (i & 7)) ^ i);
    }
    return v;
  }

  /** The newest sequence {@code <= published} written to key {@code k}, or 0 if none. */
  private static long newestVersion(int k, long published) {
    if (published < k) {
      return 0;
    }
    return published - Math.floorMod(published - k, KEYS);
  }

  @ParameterizedTest
  @ValueSource(ints = {4096, MemTable.DEFAULT_CHUNK_BYTES})
  void readersSeeCompleteSortedEntriesWhileOneWriterInserts(int chunkBytes) throws Exception {
    int n = 200_000 * Integer.getInteger("cairn.nightly", 1);
    // With large chunks the table also has a key filter (as the engine's memtables do): a lookup
    // must never be told "absent" for a published key while the writer sets filter bits.
    MemTable table =
        new MemTable(chunkBytes, chunkBytes == MemTable.DEFAULT_CHUNK_BYTES ? 1L << 20 : 0);
    AtomicLong published = new AtomicLong();
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    String where = "seed=" + seed + " chunkBytes=" + chunkBytes;

    Thread[] readers = new Thread[2];
    for (int r = 0; r < readers.length; r++) {
      long readerSeed = seed + r;
      readers[r] =
          new Thread(
              () -> {
                try {
                  readUntilDone(
                      table, published, done, new SplittableRandom(readerSeed), chunkBytes);
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              },
              "memtable-reader-" + r);
      readers[r].start();
    }
    try {
      for (long seq = 1; seq <= n && failure.get() == null; seq++) {
        table.add(seq, kindOf(seq), USER_KEYS[(int) (seq % KEYS)], valueOf(seq, chunkBytes));
        published.set(seq);
      }
    } finally {
      done.set(true);
      for (Thread t : readers) {
        t.join();
      }
    }
    if (failure.get() != null) {
      throw new AssertionError(where, failure.get());
    }
    assertEquals(n, table.entryCount(), where);
    assertEquals(n, scanForward(table, n, chunkBytes), where);
    checkBackward(table, chunkBytes, n);
  }

  private static void readUntilDone(
      MemTable table,
      AtomicLong published,
      AtomicBoolean done,
      SplittableRandom rnd,
      int chunkBytes) {
    int round = 0;
    // Each loop finishes its round after the writer stops, so some work always overlaps.
    while (!done.get()) {
      for (int i = 0; i < 200; i++) {
        checkGet(table, published.get(), rnd, chunkBytes);
      }
      if (round++ % 20 == 0) {
        long before = published.get();
        long seen = scanForward(table, before, chunkBytes);
        assertEquals(before, seen, "entries with seq <= published missing from a scan");
      }
      checkBackward(table, chunkBytes, 300);
      checkSeekWalk(table, rnd, chunkBytes);
    }
  }

  private static void checkGet(
      MemTable table, long snapshot, SplittableRandom rnd, int chunkBytes) {
    int k = rnd.nextInt(KEYS);
    long expectedSeq = newestVersion(k, snapshot);
    byte[] actual = table.get(USER_KEYS[k], snapshot);
    String msg = "key " + k + " snapshot " + snapshot;
    if (expectedSeq == 0) {
      assertNull(actual, msg);
    } else if (kindOf(expectedSeq) == ValueKind.DELETE) {
      assertTrue(actual == Lookup.DELETED, msg);
    } else {
      assertTrue(Arrays.equals(valueOf(expectedSeq, chunkBytes), actual), msg);
    }
    // Reading everything: may see newer versions than published, but each must be whole.
    byte[] latest = table.get(USER_KEYS[k], Long.MAX_VALUE);
    if (latest != null && latest != Lookup.DELETED) {
      long seq = sequenceFromValue(latest);
      assertTrue(seq >= expectedSeq && seq % KEYS == k, msg);
      assertTrue(Arrays.equals(valueOf(seq, chunkBytes), latest), msg);
    }
  }

  private static long sequenceFromValue(byte[] value) {
    long seq = 0;
    for (int i = 0; i < 8; i++) {
      seq |= (long) ((value[i] ^ i) & 0xFF) << (8 * i);
    }
    return seq;
  }

  /** Scans everything; returns how many entries have seq <= limit. */
  private static long scanForward(MemTable table, long limit, int chunkBytes) {
    long count = 0;
    try (InternalIterator it = table.iterator()) {
      byte[] previous = null;
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        checkEntry(key, it.value(), chunkBytes);
        if (previous != null && ModelKeys.ORDER.compare(previous, key) >= 0) {
          fail("not strictly increasing: " + Bytes.hex(previous) + " then " + Bytes.hex(key));
        }
        previous = key;
        if (InternalKey.sequence(key) <= limit) {
          count++;
        }
      }
    }
    return count;
  }

  private static void checkBackward(MemTable table, int chunkBytes, int steps) {
    try (InternalIterator it = table.iterator()) {
      it.seekToLast();
      byte[] previous = null;
      for (int i = 0; i < steps && it.isValid(); i++, it.prev()) {
        byte[] key = it.key();
        checkEntry(key, it.value(), chunkBytes);
        if (previous != null && ModelKeys.ORDER.compare(key, previous) >= 0) {
          fail("not strictly decreasing: " + Bytes.hex(previous) + " then " + Bytes.hex(key));
        }
        previous = key;
      }
    }
  }

  private static void checkSeekWalk(MemTable table, SplittableRandom rnd, int chunkBytes) {
    try (InternalIterator it = table.iterator()) {
      byte[] target =
          InternalKey.encode(
              USER_KEYS[rnd.nextInt(KEYS)], rnd.nextLong(1, 1L << 20), ValueKind.MAX);
      it.seek(target);
      if (it.isValid()) {
        assertTrue(ModelKeys.ORDER.compare(it.key(), target) >= 0, "seek went backwards");
      }
      byte[] current = it.isValid() ? it.key() : null;
      for (int i = 0; i < 50 && current != null; i++) {
        boolean forward = rnd.nextBoolean();
        if (forward) {
          it.next();
        } else {
          it.prev();
        }
        if (!it.isValid()) {
          break;
        }
        byte[] key = it.key();
        checkEntry(key, it.value(), chunkBytes);
        int c = ModelKeys.ORDER.compare(key, current);
        assertTrue(forward ? c > 0 : c < 0, "step did not move in its direction");
        current = key;
      }
    }
  }

  private static void checkEntry(byte[] key, byte[] value, int chunkBytes) {
    long seq = InternalKey.sequence(key);
    String msg = "entry " + Bytes.hex(key);
    assertTrue(seq >= 1, msg);
    assertTrue(
        Arrays.equals(USER_KEYS[(int) (seq % KEYS)], InternalKey.userKey(key)), msg + " key");
    assertEquals(kindOf(seq), InternalKey.kind(key), msg + " kind");
    assertTrue(Arrays.equals(valueOf(seq, chunkBytes), value), msg + " value");
  }
}
