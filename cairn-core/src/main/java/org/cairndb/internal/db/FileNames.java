package org.cairndb.internal.db;

import java.util.Locale;

/**
 * The only place file names are made or parsed. Names are built from numbers, never taken from file
 * contents: {@code 000012.log}, {@code 000013.sst}, {@code MANIFEST-000005}, {@code CURRENT},
 * {@code LOCK}, and {@code 000014.tmp} for files published by rename.
 */
public final class FileNames {
  public static final String CURRENT = "CURRENT";
  public static final String LOCK = "LOCK";
  public static final String MANIFEST_PREFIX = "MANIFEST-";

  /** File numbers are positive and below 2^48, far beyond any real database. */
  public static final long MAX_FILE_NUMBER = (1L << 48) - 1;

  /** The kinds of file the engine owns. */
  public enum Kind {
    LOG,
    TABLE,
    MANIFEST,
    CURRENT,
    LOCK,
    TEMP
  }

  /** A parsed engine file name. */
  public record Parsed(Kind kind, long number) {}

  private FileNames() {}

  public static String log(long number) {
    return numbered(number, ".log");
  }

  public static String table(long number) {
    return numbered(number, ".sst");
  }

  public static String temp(long number) {
    return numbered(number, ".tmp");
  }

  public static String manifest(long number) {
    return MANIFEST_PREFIX + String.format(Locale.ROOT, "%06d", number);
  }

  private static String numbered(long number, String suffix) {
    return String.format(Locale.ROOT, "%06d", number) + suffix;
  }

  /** Parses a name the engine could have made; null for any other file (which is left alone). */
  public static Parsed parse(String name) {
    if (name.equals(CURRENT)) {
      return new Parsed(Kind.CURRENT, 0);
    }
    if (name.equals(LOCK)) {
      return new Parsed(Kind.LOCK, 0);
    }
    if (name.startsWith(MANIFEST_PREFIX)) {
      long n = number(name.substring(MANIFEST_PREFIX.length()));
      return n < 0 ? null : new Parsed(Kind.MANIFEST, n);
    }
    int dot = name.indexOf('.');
    if (dot <= 0) {
      return null;
    }
    long n = number(name.substring(0, dot));
    if (n < 0) {
      return null;
    }
    return switch (name.substring(dot)) {
      case ".log" -> new Parsed(Kind.LOG, n);
      case ".sst" -> new Parsed(Kind.TABLE, n);
      case ".tmp" -> new Parsed(Kind.TEMP, n);
      default -> null;
    };
  }

  /** Decimal digits only (at least 6, as written), in range; -1 otherwise. */
  private static long number(String digits) {
    if (digits.length() < 6 || digits.length() > 15) {
      return -1;
    }
    long n = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n <= MAX_FILE_NUMBER ? n : -1;
  }
}
