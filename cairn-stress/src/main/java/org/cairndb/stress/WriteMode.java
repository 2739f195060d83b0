package org.cairndb.stress;

import java.util.Locale;
import org.cairndb.WriteOptions;

/** How the workload's writes are made durable; ALTERNATE switches between the two per cycle. */
enum WriteMode {
  SYNC,
  DEFAULT,
  ALTERNATE;

  static WriteMode parse(String s) {
    try {
      return valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--mode must be sync, default or alternate: " + s, e);
    }
  }

  /** The mode of run {@code run} (0-based): ALTERNATE starts with SYNC. */
  WriteMode forRun(int run) {
    if (this != ALTERNATE) {
      return this;
    }
    return run % 2 == 0 ? SYNC : DEFAULT;
  }

  /** The write options of a concrete mode. Requires: not ALTERNATE. */
  WriteOptions writeOptions() {
    if (this == ALTERNATE) {
      throw new IllegalStateException("ALTERNATE is resolved per run");
    }
    return this == SYNC ? WriteOptions.SYNC : WriteOptions.DEFAULT;
  }
}
