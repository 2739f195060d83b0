package org.cairndb.ycsb;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import site.ycsb.DBException;

/**
 * Reads a binding's settings from the YCSB properties, each named {@code <prefix>.<name>}: {@code
 * dir} (required), {@code memtable_bytes} and {@code block_cache_bytes} (a byte count, optionally
 * with a k/m/g suffix of powers of 1024; default 64 MiB each), and {@code sync} (true or false;
 * default false: WAL on, no fsync per write). Immutable.
 */
final class BindingProperties {
  static final long DEFAULT_MEMTABLE_BYTES = 64L << 20;
  static final long DEFAULT_BLOCK_CACHE_BYTES = 64L << 20;

  final Path dir;
  final long memtableBytes;
  final long blockCacheBytes;
  final boolean sync;

  private BindingProperties(Path dir, long memtableBytes, long blockCacheBytes, boolean sync) {
    this.dir = dir;
    this.memtableBytes = memtableBytes;
    this.blockCacheBytes = blockCacheBytes;
    this.sync = sync;
  }

  static BindingProperties read(Properties p, String prefix) throws DBException {
    String dir = p.getProperty(prefix + ".dir");
    if (dir == null || dir.isBlank()) {
      throw new DBException("property " + prefix + ".dir (the database directory) is required");
    }
    return new BindingProperties(
        Path.of(dir).toAbsolutePath().normalize(),
        bytes(p, prefix + ".memtable_bytes", DEFAULT_MEMTABLE_BYTES),
        bytes(p, prefix + ".block_cache_bytes", DEFAULT_BLOCK_CACHE_BYTES),
        bool(p, prefix + ".sync", false));
  }

  static boolean bool(Properties p, String name, boolean dflt) throws DBException {
    String v = p.getProperty(name);
    if (v == null) {
      return dflt;
    }
    String t = v.trim().toLowerCase(Locale.ROOT);
    if (t.equals("true")) {
      return true;
    }
    if (t.equals("false")) {
      return false;
    }
    throw new DBException("property " + name + " must be true or false, not '" + v + "'");
  }

  static int integer(Properties p, String name, int dflt) throws DBException {
    String v = p.getProperty(name);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new DBException("property " + name + " must be an integer, not '" + v + "'", e);
    }
  }

  /** A byte count such as {@code 67108864}, {@code 64m} or {@code 1g}. */
  static long bytes(Properties p, String name, long dflt) throws DBException {
    String v = p.getProperty(name);
    if (v == null) {
      return dflt;
    }
    String s = v.trim().toLowerCase(Locale.ROOT);
    int shift = 0;
    if (s.endsWith("k")) {
      shift = 10;
    } else if (s.endsWith("m")) {
      shift = 20;
    } else if (s.endsWith("g")) {
      shift = 30;
    }
    if (shift != 0) {
      s = s.substring(0, s.length() - 1);
    }
    try {
      long n = Long.parseLong(s);
      if (n < 0 || n > (Long.MAX_VALUE >> shift)) {
        throw new DBException("property " + name + " is out of range: '" + v + "'");
      }
      return n << shift;
    } catch (NumberFormatException e) {
      throw new DBException("property " + name + " must be a byte count, not '" + v + "'", e);
    }
  }
}
