package org.cairndb.stress;

import java.io.IOException;
import java.io.PrintStream;
import org.cairndb.Cairn;

/**
 * The process the crash driver kills: opens the database and the expected state, publishes that it
 * is ready, and runs the stress threads until it is killed. A failed check halts it with exit code
 * 3 after printing the failure, which the driver reports; it also halts if its parent has gone, so
 * that no orphan keeps writing.
 */
final class CrashChild {
  /** Exit code of a child that found a wrong read or hit an engine error. */
  static final int FAILED = 3;

  private CrashChild() {}

  static void run(StressConfig c, PrintStream err) throws IOException, InterruptedException {
    ExpectedState state = ExpectedState.open(c.dir.resolve(CrashDriver.STATE));
    String where = "cycle " + (c.run + 1) + " (run seed " + c.seed + ", " + c.mode + ")";
    for (int k = 0; k < state.keyCount(); k++) {
      if (state.pending(k) != ExpectedState.NONE) {
        throw new StressFailure(where + ": key " + k + " is still pending at start");
      }
    }
    try (Cairn db =
        Cairn.open(c.dir.resolve(CrashDriver.DB), RunOptions.of(c.memtableBytes, c.seed))) {
      Workload w = new Workload(db, state, c.mode.writeOptions(), c.threads, c.seed, where);
      w.start();
      state.setReady(c.run + 1);
      while (true) {
        Thread.sleep(20);
        Throwable f = w.failure();
        if (f != null) {
          err.println("FAILURE in " + where);
          f.printStackTrace(err);
          err.flush();
          Runtime.getRuntime().halt(FAILED);
        }
        if (!ProcessHandle.current().parent().map(ProcessHandle::isAlive).orElse(false)) {
          Runtime.getRuntime().halt(FAILED + 1);
        }
      }
    }
  }
}
