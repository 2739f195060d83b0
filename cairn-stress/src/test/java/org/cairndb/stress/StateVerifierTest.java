package org.cairndb.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.cairndb.Cairn;
import org.cairndb.Options;
import org.cairndb.WriteBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verifier catches each kind of damage a crash could do, and resolves writes in flight. */
class StateVerifierTest {
  private static final int KEYS = 100;

  @TempDir Path tmp;

  private final KeySpace keys = new KeySpace(KEYS);
  private ExpectedState state;
  private Cairn db;

  private void open() throws Exception {
    state = ExpectedState.create(tmp.resolve("state"), KEYS);
    db = Cairn.open(tmp.resolve("db"), Options.builder().memtableBytes(4096).build());
    // Half the keys committed and present, the rest absent.
    for (int k = 0; k < KEYS; k += 2) {
      write(k, state.reserve(k), 7);
      state.commit(k);
    }
  }

  private void write(int k, int id, int token) {
    state.markPending(k, id, token);
    db.put(keys.key(k), ValueCodec.value(k, id));
  }

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
  }

  private StressFailure failure(boolean afterCrash) {
    return assertThrows(
        StressFailure.class, () -> StateVerifier.verify(db, state, afterCrash, "test"));
  }

  @Test
  void exactStatePasses() throws Exception {
    open();
    {
      StateVerifier.Report r = StateVerifier.verify(db, state, false, "test");
      assertEquals(new StateVerifier.Report(KEYS, KEYS / 2, 0, 0), r);
    }
  }

  @Test
  void lostAcknowledgedWrite() throws Exception {
    open();
    state.reserve(4);
    state.markPending(4, state.last(4), 9);
    state.commit(4); // acknowledged, but never written to the database
    failure(true);
  }

  @Test
  void resurrectedDelete() throws Exception {
    open();
    state.markPending(6, ExpectedState.ABSENT, 9);
    state.commit(6); // the state says deleted; the database still has the value
    failure(true);
  }

  @Test
  void staleValue() throws Exception {
    open();
    int old = state.committed(8);
    write(8, state.reserve(8), 9);
    state.commit(8);
    db.put(keys.key(8), ValueCodec.value(8, old));
    failure(true);
  }

  @Test
  void garbageValue() throws Exception {
    open();
    byte[] v = ValueCodec.value(10, state.committed(10));
    v[v.length - 1] ^= 1;
    db.put(keys.key(10), v);
    failure(true);
  }

  @Test
  void unknownKey() throws Exception {
    open();
    db.put(new byte[] {1, 2, 3}, ValueCodec.value(1, 1));
    failure(true);
  }

  @Test
  void partialBatch() throws Exception {
    open();
    // One write in flight over keys 1 and 3: only key 1 reached the database.
    write(1, state.reserve(1), 42);
    state.markPending(3, state.reserve(3), 42);
    failure(true);
  }

  @Test
  void pendingAfterCleanShutdownFails() throws Exception {
    open();
    write(1, state.reserve(1), 42);
    failure(false);
  }

  @Test
  void inFlightWritesResolveToWhatWasFound() throws Exception {
    open();
    write(1, state.reserve(1), 42); // in flight and applied
    write(3, state.reserve(3), 42);
    state.markPending(5, state.reserve(5), 43); // in flight, not applied
    int committed2 = state.committed(2);
    state.markPending(2, ExpectedState.ABSENT, 44); // a delete in flight, not applied
    {
      StateVerifier.Report r = StateVerifier.verify(db, state, true, "test");
      assertEquals(new StateVerifier.Report(KEYS, KEYS / 2 + 2, 2, 2), r);
      assertEquals(state.last(1), state.committed(1));
      assertEquals(state.last(3), state.committed(3));
      assertEquals(ExpectedState.ABSENT, state.committed(5));
      assertEquals(committed2, state.committed(2));
      for (int k = 0; k < KEYS; k++) {
        assertEquals(ExpectedState.NONE, state.pending(k), "key " + k);
      }
      // Now exact: a clean check passes.
      StateVerifier.verify(db, state, false, "test");
    }
  }

  @Test
  void atomicBatchInFlightPasses() throws Exception {
    open();
    WriteBatch b = new WriteBatch();
    for (int k = 11; k < 20; k += 2) {
      int id = state.reserve(k);
      state.markPending(k, id, 50);
      b.put(keys.key(k), ValueCodec.value(k, id));
    }
    db.write(b);
    {
      assertEquals(5, StateVerifier.verify(db, state, true, "test").pendingNew());
    }
  }

  @Test
  void stateSurvivesReopening() throws Exception {
    open();
    db.close();
    state.markPending(2, ExpectedState.ABSENT, 77);
    state.addOps(123);
    ExpectedState again = ExpectedState.open(tmp.resolve("state"));
    assertEquals(KEYS, again.keyCount());
    assertEquals(123, again.ops());
    assertEquals(ExpectedState.ABSENT, again.pending(2));
    assertEquals(77, again.token(2));
    assertEquals(state.committed(4), again.committed(4));
  }
}
