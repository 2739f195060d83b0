package org.cairndb.cli;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads records of delimiter-separated fields: comma-separated (CSV) or tab-separated, with CSV
 * quoting in either ({@code "a,b"} is one field, {@code ""} inside quotes is one quote, a quoted
 * field may span lines). Records end at {@code \n} or {@code \r\n} outside quotes; blank lines are
 * skipped. When no delimiter is forced, the first delimiter outside quotes in the first record, a
 * comma or a tab, is the file's delimiter. Not thread-safe; the caller owns and closes the reader.
 */
final class CsvReader {
  private static final int EOF = -1;

  private final Reader in;
  private char delimiter;
  private int peeked = -2;
  private long line = 1;
  private long recordLine;

  /** {@code delimiter} is {@code ','}, {@code '\t'}, or 0 to detect it from the first record. */
  CsvReader(Reader in, char delimiter) {
    this.in = in;
    this.delimiter = delimiter;
  }

  /** The line on which the record last returned started (1-based), for error messages. */
  long recordLine() {
    return recordLine;
  }

  /** The next record's fields, or null at the end of the input. */
  List<String> next() throws IOException {
    while (true) {
      int c = peek();
      if (c == EOF) {
        return null;
      }
      if (c == '\n') {
        read();
        continue;
      }
      if (c == '\r') {
        read();
        if (peek() == '\n') {
          continue;
        }
        throw new UsageException("line " + line + ": carriage return outside quotes");
      }
      break;
    }
    recordLine = line;
    List<String> fields = new ArrayList<>(2);
    while (true) {
      StringBuilder field = new StringBuilder();
      int c = peek();
      if (c == '"') {
        read();
        quoted(field);
        c = peek();
        if (c != EOF && c != '\n' && c != '\r' && !isDelimiter(c)) {
          throw new UsageException("line " + line + ": text after a closing quote");
        }
      } else {
        while ((c = peek()) != EOF && c != '\n' && c != '\r' && !isDelimiter(c)) {
          if (c == '"') {
            throw new UsageException("line " + line + ": quote inside an unquoted field");
          }
          field.append((char) read());
        }
      }
      fields.add(field.toString());
      c = peek();
      if (c != EOF && isDelimiter(c)) {
        read();
        continue;
      }
      if (c == '\r') {
        read();
        if (peek() != '\n') {
          throw new UsageException("line " + line + ": carriage return outside quotes");
        }
      }
      if (peek() == '\n') {
        read();
      }
      return fields;
    }
  }

  private void quoted(StringBuilder field) throws IOException {
    long start = line;
    while (true) {
      int c = read();
      if (c == EOF) {
        throw new UsageException("line " + start + ": quoted field not closed");
      }
      if (c == '"') {
        if (peek() == '"') {
          read();
          field.append('"');
          continue;
        }
        return;
      }
      field.append((char) c);
    }
  }

  private boolean isDelimiter(int c) {
    if (delimiter == 0 && (c == ',' || c == '\t')) {
      delimiter = (char) c;
    }
    return c == delimiter;
  }

  private int peek() throws IOException {
    if (peeked == -2) {
      peeked = in.read();
    }
    return peeked;
  }

  private int read() throws IOException {
    int c = peek();
    peeked = -2;
    if (c == '\n') {
      line++;
    }
    return c;
  }
}
