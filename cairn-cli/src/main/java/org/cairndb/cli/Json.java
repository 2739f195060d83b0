package org.cairndb.cli;

import java.util.Locale;
import java.util.regex.Pattern;

/** Writes JSON string literals and numbers for the {@code --json} outputs. Stateless. */
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

  private static final Pattern NUMBER =
      Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  /** A counter's text as a JSON value: the number itself when it is one, else a string. */
  static String value(String text) {
    return NUMBER.matcher(text).matches() ? text : str(text);
  }
}
