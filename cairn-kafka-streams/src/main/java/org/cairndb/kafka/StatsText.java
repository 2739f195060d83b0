package org.cairndb.kafka;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads the {@code "name value"} lines of Cairn's {@code cairn.stats} and {@code cairn.memory}
 * properties. Stateless.
 */
final class StatsText {
  private StatsText() {}

  /**
   * The numbers of {@code text} by name. Lines that are not a name and a number are skipped: the
   * engine may add lines of other shapes, and a metric must not fail because of them.
   */
  static Map<String, Double> parse(String text) {
    Map<String, Double> values = new HashMap<>();
    if (text == null) {
      return values;
    }
    for (String line : text.split("\n", -1)) {
      String trimmed = line.strip();
      int space = trimmed.indexOf(' ');
      if (space <= 0) {
        continue;
      }
      try {
        values.put(
            trimmed.substring(0, space), Double.parseDouble(trimmed.substring(space + 1).strip()));
      } catch (NumberFormatException e) {
        // Not a numeric line: nothing to publish for it.
      }
    }
    return values;
  }
}
