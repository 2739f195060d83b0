package org.cairndb.stress;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.cairndb.Cairn;
import org.cairndb.Cursor;

/**
 * Checks a whole database against the expected state after a reopen, then resolves what was in
 * flight:
 *
 * <ol>
 *   <li>every key holds its committed value, or (only after a crash) the value of its pending
 *       write: an acknowledged write is never lost, a write in flight is all or nothing;
 *   <li>the keys a pending batch wrote are all old or all new (a batch is atomic);
 *   <li>a full forward and a full backward scan see exactly the present keys, in order, with the
 *       same values as the point reads, and no key that was never written;
 *   <li>each pending key is resolved to what was found, so the next run starts exact.
 * </ol>
 *
 * <p>Requires: no one writes the database or the state meanwhile. Not thread-safe.
 */
final class StateVerifier {
  /** What one verification saw. */
  record Report(int keysChecked, int present, int pendingNew, int pendingOld) {}

  private StateVerifier() {}

  /**
   * Verifies {@code db} against {@code state}; {@code afterCrash} allows pending writes (a clean
   * shutdown leaves none). Throws {@link StressFailure} naming {@code where} on any difference.
   */
  static Report verify(Cairn db, ExpectedState state, boolean afterCrash, String where) {
    KeySpace keys = new KeySpace(state.keyCount());
    int n = keys.size();
    int[] found = new int[n];
    int present = 0;
    int pendingNew = 0;
    int pendingOld = 0;
    // token -> whether its batch was found applied (new) or not (old).
    Map<Integer, Boolean> batches = new HashMap<>();
    for (int k = 0; k < n; k++) {
      byte[] v = db.get(keys.key(k));
      int id = v == null ? ExpectedState.ABSENT : ValueCodec.idOf(k, v);
      int committed = state.committed(k);
      int pending = state.pending(k);
      boolean ok = id == committed || (pending != ExpectedState.NONE && id == pending);
      if (!ok || (pending != ExpectedState.NONE && !afterCrash)) {
        throw new StressFailure(
            where
                + ": key "
                + k
                + " holds "
                + ValueCodec.describe(k, v)
                + ", expected committed "
                + describeId(committed)
                + (pending == ExpectedState.NONE ? "" : " or pending " + describeId(pending)));
      }
      found[k] = id;
      if (id != ExpectedState.ABSENT) {
        present++;
      }
      if (pending != ExpectedState.NONE && pending != committed) {
        boolean applied = id == pending;
        if (applied) {
          pendingNew++;
        } else {
          pendingOld++;
        }
        Boolean other = batches.putIfAbsent(state.token(k), applied);
        if (other != null && other != applied) {
          throw new StressFailure(
              where + ": write " + state.token(k) + " is partly applied (key " + k + ")");
        }
      }
    }
    scan(db, keys, found, present, true, where);
    scan(db, keys, found, present, false, where);
    for (int k = 0; k < n; k++) {
      if (state.pending(k) != ExpectedState.NONE) {
        state.resolve(k, found[k]);
      }
    }
    return new Report(n, present, pendingNew, pendingOld);
  }

  private static void scan(
      Cairn db, KeySpace keys, int[] found, int present, boolean forward, String where) {
    String dir = forward ? "forward" : "backward";
    int seen = 0;
    int prev = forward ? -1 : keys.size();
    try (Cursor c = db.cursor()) {
      if (forward) {
        c.seekToFirst();
      } else {
        c.seekToLast();
      }
      for (; c.isValid(); seen++) {
        int k = keys.indexOf(c.key());
        if (k < 0) {
          throw new StressFailure(
              where + ": full " + dir + " scan found unknown key " + Arrays.toString(c.key()));
        }
        if (forward ? k <= prev : k >= prev) {
          throw new StressFailure(
              where + ": full " + dir + " scan: key " + k + " after key " + prev);
        }
        int id = ValueCodec.idOf(k, c.value());
        if (found[k] == ExpectedState.ABSENT || id != found[k]) {
          throw new StressFailure(
              where
                  + ": full "
                  + dir
                  + " scan: key "
                  + k
                  + " holds "
                  + ValueCodec.describe(k, c.value())
                  + " but get said "
                  + describeId(found[k]));
        }
        prev = k;
        if (forward) {
          c.next();
        } else {
          c.prev();
        }
      }
    }
    if (seen != present) {
      throw new StressFailure(
          where + ": full " + dir + " scan saw " + seen + " keys, point reads " + present);
    }
  }

  static String describeId(int id) {
    return id == ExpectedState.ABSENT ? "absent" : "value id " + id;
  }
}
