package org.cairndb.cli;

/**
 * Writes {@code key,value} records that {@link CsvReader} reads back to the same strings: a field
 * holding a comma, tab, quote, CR or LF is quoted, its quotes doubled. Stateless.
 */
final class CsvWriter {
  private CsvWriter() {}

  static String record(String key, String value) {
    return field(key) + "," + field(value);
  }

  static String field(String s) {
    boolean quote = false;
    for (int i = 0; i < s.length() && !quote; i++) {
      char c = s.charAt(i);
      quote = c == ',' || c == '\t' || c == '"' || c == '\n' || c == '\r';
    }
    return quote ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
