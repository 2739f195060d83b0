package org.cairndb.cli;

import java.nio.file.Path;
import org.cairndb.Cairn;
import org.cairndb.Options;

/** Opens the database a command names with {@code --db DIR}. Stateless. */
final class Databases {
  private Databases() {}

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
}
