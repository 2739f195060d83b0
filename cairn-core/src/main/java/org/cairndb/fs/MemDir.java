package org.cairndb.fs;

import java.util.TreeMap;

/**
 * One {@link MemVfs} directory: its current file entries ({@code live}) and the entries as of its
 * last sync ({@code durable}), the view power loss reverts to. Both map names to inodes; the same
 * inode may appear in both, or (after a rename or delete not yet synced) only in one. Sorted maps
 * keep iteration, and so seeded crash simulations, deterministic.
 *
 * <p>Not thread-safe: guarded by the owning {@link MemVfs}.
 */
final class MemDir {
  /** Normalized absolute path of the parent directory, or null for a root. */
  final String parentKey;

  /** This directory's own name in its parent (for listings). */
  final String name;

  final TreeMap<String, MemInode> live = new TreeMap<>();
  final TreeMap<String, MemInode> durable = new TreeMap<>();

  MemDir(String parentKey, String name) {
    this.parentKey = parentKey;
    this.name = name;
  }

  void sync() {
    durable.clear();
    durable.putAll(live);
  }
}
