package org.cairndb.ycsb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How a YCSB (table, key) pair maps to one database key: {@code UTF-8(table) || 0x00 ||
 * UTF-8(key)}. All keys of a table share the prefix {@code UTF-8(table) || 0x00} and sort by key
 * within it, so a scan is a seek plus a prefix check. Table names must not contain U+0000.
 * Stateless and thread-safe.
 */
final class StorageKeys {
  private StorageKeys() {}

  /** The prefix shared by every key of {@code table}. */
  static byte[] prefix(String table) {
    byte[] t = table.getBytes(StandardCharsets.UTF_8);
    for (byte x : t) {
      if (x == 0) {
        throw new IllegalArgumentException("table name contains U+0000");
      }
    }
    return Arrays.copyOf(t, t.length + 1);
  }

  static byte[] key(String table, String key) {
    byte[] p = prefix(table);
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    byte[] out = Arrays.copyOf(p, p.length + k.length);
    System.arraycopy(k, 0, out, p.length, k.length);
    return out;
  }

  /** True if {@code storageKey} starts with {@code prefix}. */
  static boolean hasPrefix(byte[] storageKey, byte[] prefix) {
    return storageKey.length >= prefix.length
        && Arrays.equals(storageKey, 0, prefix.length, prefix, 0, prefix.length);
  }
}
