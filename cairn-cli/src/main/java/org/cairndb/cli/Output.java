package org.cairndb.cli;

import java.util.Map;

/**
 * The output choice every reporting command offers: readable text by default, one JSON object for
 * scripts with {@code --json}. Stateless.
 */
final class Output {
  private Output() {}

  /**
   * Prints {@code fields} as one JSON object line when {@code --json} was given, else {@code text}
   * and a line break.
   */
  static void print(Args a, Io io, Map<String, ?> fields, String text) {
    io.out().println(a.flag("--json") ? Json.object(fields) : text);
  }
}
