package org.cairndb;

/**
 * How background compaction shapes the tree.
 *
 * <p>{@link #LEVELED} keeps one sorted run per level below level 0, each about ten times the one
 * above: reads probe few files and space amplification stays near 1.1, at the price of rewriting
 * each byte about once per level (write amplification of roughly 10 to 30).
 *
 * <p>{@link #TIERED} keeps a handful of sorted runs of growing size and merges runs of similar size
 * together, like RocksDB's universal compaction: each byte is rewritten far fewer times (lower
 * write amplification, better for write-heavy loads), but reads may probe more runs and, in the
 * worst case just before a full merge, the database may take up to about twice its live size on
 * disk.
 */
public enum CompactionStyle {
  LEVELED,
  TIERED
}
