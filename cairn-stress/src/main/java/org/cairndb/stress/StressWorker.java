package org.cairndb.stress;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.cairndb.Cairn;
import org.cairndb.Cursor;
import org.cairndb.ReadOptions;
import org.cairndb.Snapshot;
import org.cairndb.WriteBatch;
import org.cairndb.WriteOptions;

/**
 * One stress thread: a seeded random mix of puts, deletes, batches (with keys written twice in one
 * batch), locked and racing gets, range scans in both directions, snapshot reads and cursors,
 * flushes and range compactions. Every read is checked against the {@link ExpectedState}; any
 * difference is a {@link StressFailure}.
 *
 * <p>Writes follow the expected state's protocol under the key locks. A read holding the locks of
 * its keys must see exactly the committed values. A racing get takes no lock: it reads the state
 * before and after, and is exact when no write of the key overlapped it; otherwise it accepts any
 * value at least as new as the one committed before it started (value ids only grow).
 *
 * <p>Not thread-safe: one instance per thread; instances share the database, state and locks.
 */
final class StressWorker {
  private final Cairn db;
  private final ExpectedState state;
  private final KeySpace keys;
  private final KeyLocks locks;
  private final WriteOptions wo;
  private final SplittableRandom rnd;
  private final AtomicInteger tokens;
  private final String where;

  StressWorker(
      Cairn db,
      ExpectedState state,
      KeyLocks locks,
      WriteOptions wo,
      long seed,
      AtomicInteger tokens,
      String where) {
    this.db = db;
    this.state = state;
    this.keys = new KeySpace(state.keyCount());
    this.locks = locks;
    this.wo = wo;
    this.rnd = new SplittableRandom(seed);
    this.tokens = tokens;
    this.where = where;
  }

  /** Runs operations until {@code stop} is true; returns how many it ran. */
  long runUntil(BooleanSupplier stop) {
    long n = 0;
    while (!stop.getAsBoolean()) {
      step();
      state.addOps(1);
      n++;
    }
    return n;
  }

  /** One random operation. */
  void step() {
    int p = rnd.nextInt(10_000);
    if (p < 3_500) {
      put(randomKey());
    } else if (p < 4_300) {
      delete(randomKey());
    } else if (p < 5_300) {
      batch();
    } else if (p < 7_000) {
      lockedGet(randomKey());
    } else if (p < 8_000) {
      racingGet(randomKey());
    } else if (p < 9_000) {
      scan();
    } else if (p < 9_994) {
      snapshotRead();
    } else if (p < 9_998) {
      db.flush();
    } else {
      compact();
    }
  }

  /** A uniform key most of the time; one time in five one of a few hot keys. */
  private int randomKey() {
    int n = keys.size();
    return rnd.nextInt(5) == 0 ? rnd.nextInt(Math.max(1, n / 100)) : rnd.nextInt(n);
  }

  private void put(int k) {
    locks.lockRange(k, k);
    try {
      int id = state.reserve(k);
      state.markPending(k, id, tokens.incrementAndGet());
      db.put(keys.key(k), ValueCodec.value(k, id), wo);
      state.commit(k);
    } finally {
      locks.unlockRange(k, k);
    }
  }

  private void delete(int k) {
    locks.lockRange(k, k);
    try {
      // The id is burned so that every write moves `last`, which racing gets rely on.
      state.reserve(k);
      state.markPending(k, ExpectedState.ABSENT, tokens.incrementAndGet());
      db.delete(keys.key(k), wo);
      state.commit(k);
    } finally {
      locks.unlockRange(k, k);
    }
  }

  private void batch() {
    int[] ks = distinctSorted(2 + rnd.nextInt(7));
    locks.lock(ks);
    try {
      int token = tokens.incrementAndGet();
      WriteBatch b = new WriteBatch();
      for (int k : ks) {
        byte[] key = keys.key(k);
        if (rnd.nextInt(8) == 0) {
          // An earlier operation on the same key in the same batch: the later one must win.
          int shadow = state.reserve(k);
          if (rnd.nextBoolean()) {
            b.put(key, ValueCodec.value(k, shadow));
          } else {
            b.delete(key);
          }
        }
        int id = state.reserve(k);
        if (rnd.nextInt(4) == 0) {
          state.markPending(k, ExpectedState.ABSENT, token);
          b.delete(key);
        } else {
          state.markPending(k, id, token);
          b.put(key, ValueCodec.value(k, id));
        }
      }
      db.write(b, wo);
      for (int k : ks) {
        state.commit(k);
      }
    } finally {
      locks.unlock(ks);
    }
  }

  private void lockedGet(int k) {
    locks.lockRange(k, k);
    try {
      expect(k, db.get(keys.key(k)), state.committed(k), "get");
    } finally {
      locks.unlockRange(k, k);
    }
  }

  private void racingGet(int k) {
    int last1 = state.last(k);
    int pending1 = state.pending(k);
    int committed1 = state.committed(k);
    byte[] v = db.get(keys.key(k));
    int committed2 = state.committed(k);
    int pending2 = state.pending(k);
    int last2 = state.last(k);
    if (last1 == last2
        && pending1 == ExpectedState.NONE
        && pending2 == ExpectedState.NONE
        && committed1 == committed2) {
      expect(k, v, committed1, "racing get (no write overlapped)");
      return;
    }
    int found = v == null ? ExpectedState.ABSENT : ValueCodec.idOf(k, v);
    boolean ok =
        found == ExpectedState.ABSENT || (found >= Math.max(1, committed1) && found <= last2);
    if (!ok) {
      throw fail(
          "racing get of key "
              + k
              + ": found "
              + ValueCodec.describe(k, v)
              + ", older than committed id "
              + committed1
              + " or newer than last id "
              + last2);
    }
  }

  private void scan() {
    int lo = rnd.nextInt(keys.size());
    int hi = Math.min(keys.size() - 1, lo + rnd.nextInt(50));
    locks.lockRange(lo, hi);
    try (Cursor c = db.cursor()) {
      int[] expected = committedRange(lo, hi);
      if (rnd.nextBoolean()) {
        c.seek(rnd.nextBoolean() ? keys.key(lo) : keys.before(lo));
        checkRange(c, lo, hi, expected, true, "forward scan");
      } else {
        c.seekForPrev(rnd.nextBoolean() ? keys.key(hi) : keys.after(hi));
        checkRange(c, lo, hi, expected, false, "backward scan");
      }
    } finally {
      locks.unlockRange(lo, hi);
    }
  }

  private void snapshotRead() {
    int lo = rnd.nextInt(keys.size());
    int hi = Math.min(keys.size() - 1, lo + rnd.nextInt(32));
    int[] expected;
    Snapshot s;
    locks.lockRange(lo, hi);
    try {
      expected = committedRange(lo, hi);
      s = db.snapshot();
    } finally {
      locks.unlockRange(lo, hi);
    }
    try (s) {
      // A newer write inside the range that the snapshot must not see.
      int k = lo + rnd.nextInt(hi - lo + 1);
      if (rnd.nextInt(3) == 0) {
        delete(k);
      } else {
        put(k);
      }
      ReadOptions ro = ReadOptions.snapshot(s);
      for (int j = lo; j <= hi; j++) {
        expect(j, db.get(keys.key(j), ro), expected[j - lo], "snapshot get");
      }
      try (Cursor c = db.cursor(ro)) {
        c.seek(keys.before(lo));
        checkRange(c, lo, hi, expected, true, "snapshot scan");
      }
    }
  }

  private void compact() {
    if (rnd.nextInt(4) == 0) {
      db.compactRange(null, null);
      return;
    }
    int lo = rnd.nextInt(keys.size());
    int hi = Math.min(keys.size() - 1, lo + rnd.nextInt(2_000));
    db.compactRange(keys.key(lo), keys.key(hi));
  }

  private int[] committedRange(int lo, int hi) {
    int[] out = new int[hi - lo + 1];
    for (int k = lo; k <= hi; k++) {
      out[k - lo] = state.committed(k);
    }
    return out;
  }

  /**
   * Checks that cursor {@code c}, positioned at the first key of range [lo, hi] in its direction,
   * walks exactly the present keys of the range in order with their expected values. Now and then
   * it steps back and forth once, which must return to the same key.
   */
  private void checkRange(Cursor c, int lo, int hi, int[] expected, boolean forward, String op) {
    int step = forward ? 1 : -1;
    int next = forward ? lo : hi;
    while (c.isValid()) {
      int k = keys.indexOf(c.key());
      if (k < 0) {
        throw fail(op + ": a key that was never written: " + Arrays.toString(c.key()));
      }
      if (forward ? k > hi : k < lo) {
        break;
      }
      if (forward ? k < next : k > next) {
        throw fail(
            op + " of [" + lo + ", " + hi + "]: key " + k + " out of order, expected " + next);
      }
      for (int j = next; j != k; j += step) {
        if (expected[j - lo] != ExpectedState.ABSENT) {
          throw fail(op + ": key " + j + " missing (expected id " + expected[j - lo] + ")");
        }
      }
      expect(k, c.value(), expected[k - lo], op);
      if (rnd.nextInt(8) == 0) {
        stepBackAndForth(c, forward, k, op);
      }
      next = k + step;
      if (forward) {
        c.next();
      } else {
        c.prev();
      }
    }
    for (int j = next; forward ? j <= hi : j >= lo; j += step) {
      if (expected[j - lo] != ExpectedState.ABSENT) {
        throw fail(
            op + ": key " + j + " missing at the end (expected id " + expected[j - lo] + ")");
      }
    }
  }

  private void stepBackAndForth(Cursor c, boolean forward, int k, String op) {
    if (forward) {
      c.prev();
      if (c.isValid()) {
        c.next();
      } else {
        c.seekToFirst();
      }
    } else {
      c.next();
      if (c.isValid()) {
        c.prev();
      } else {
        c.seekToLast();
      }
    }
    if (!c.isValid() || keys.indexOf(c.key()) != k) {
      throw fail(op + ": stepping away from key " + k + " and back did not return to it");
    }
  }

  /** Checks that {@code v} is exactly value {@code id} of key {@code k} (absent for ABSENT). */
  private void expect(int k, byte[] v, int id, String op) {
    int found = v == null ? ExpectedState.ABSENT : ValueCodec.idOf(k, v);
    if (found != id) {
      throw fail(
          op
              + " of key "
              + k
              + ": expected "
              + (id == ExpectedState.ABSENT ? "absent" : "value id " + id)
              + ", found "
              + ValueCodec.describe(k, v));
    }
  }

  private int[] distinctSorted(int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = randomKey();
    }
    return Arrays.stream(out).sorted().distinct().toArray();
  }

  private StressFailure fail(String message) {
    return new StressFailure(where + ": " + message);
  }
}
