package org.cairndb.cli;

import java.nio.file.Path;
import org.cairndb.Cairn;
import org.cairndb.Options;
import org.cairndb.WriteOptions;

/**
 * Opens the database a command names with {@code --db DIR}, runs the command's work on it and
 * closes it, so that every command opens and closes alike. Stateless.
 */
final class Databases {
  private Databases() {}

  /** Work on an open database, with what it yields. */
  interface Work<T> {
    T apply(Cairn db) throws Exception;
  }

  /** Work on an open database that yields nothing. */
  interface Action {
    void accept(Cairn db) throws Exception;
  }

  /** The {@code --db} directory; a usage error when missing. */
  static Path dir(Args a) {
    return Path.of(a.required("--db"));
  }

  /**
   * Opens {@code --db}; only commands that write ({@code put}, {@code load}) pass {@code create},
   * so a mistyped directory is reported instead of becoming a new, empty database.
   */
  static Cairn open(Args a, boolean create) {
    return Cairn.open(dir(a), Options.builder().createIfMissing(create).build());
  }

  /** Opens the existing {@code --db}, applies {@code work} and closes it; what work yields. */
  static <T> T read(Args a, Work<T> work) throws Exception {
    try (Cairn db = open(a, false)) {
      return work.apply(db);
    }
  }

  /** Opens {@code --db} (creating it when {@code create}), runs {@code action}, closes it. */
  static void update(Args a, boolean create, Action action) throws Exception {
    try (Cairn db = open(a, create)) {
      action.accept(db);
    }
  }

  /** {@link WriteOptions#SYNC} with {@code --sync}, else the default. */
  static WriteOptions writeOptions(Args a) {
    return a.flag("--sync") ? WriteOptions.SYNC : WriteOptions.DEFAULT;
  }
}
