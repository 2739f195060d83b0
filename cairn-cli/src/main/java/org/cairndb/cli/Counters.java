package org.cairndb.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the text of the {@code cairn.stats} property: one {@code name value} pair per line. The
 * parse is generic so counters added to the engine later show up without a change here. Stateless.
 */
final class Counters {
  private Counters() {}

  /** Name to value text, in the engine's order; lines without a space are skipped. */
  static Map<String, String> parse(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    if (text == null) {
      return out;
    }
    for (String line : text.split("\n", -1)) {
      String l = line.strip();
      int sp = l.indexOf(' ');
      if (sp <= 0) {
        continue;
      }
      out.put(l.substring(0, sp), l.substring(sp + 1).strip());
    }
    return out;
  }

  /** The value as a number, or NaN when it is not one. */
  static double number(String value) {
    if (value == null) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
