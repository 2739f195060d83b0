package org.cairndb.cli;

import java.util.Locale;
import java.util.Map;

/** Writes JSON string literals and objects for the {@code --json} outputs. Stateless. */
final class Json {
  private Json() {}

  /** {@code s} as a JSON string literal, quotes included. */
  static String str(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /**
   * One JSON object of the given fields in their order: numbers and booleans as themselves (a
   * non-finite double as null), anything else as a string.
   */
  static String object(Map<String, ?> fields) {
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, ?> e : fields.entrySet()) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append(str(e.getKey())).append(':').append(literal(e.getValue()));
    }
    return sb.append('}').toString();
  }

  private static String literal(Object v) {
    if (v instanceof Double d && !Double.isFinite(d)) {
      return "null";
    }
    return v instanceof Number || v instanceof Boolean ? v.toString() : str(String.valueOf(v));
  }
}
