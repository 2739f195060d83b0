package org.cairndb.internal.version;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.cairndb.internal.iter.InternalIterator;
import org.cairndb.internal.key.InternalKey;

/**
 * An immutable set of SSTables per level: the shape of the tree at one moment.
 *
 * <p>Invariants: (1) level 0 files are ordered newest first: by descending largest sequence number,
 * then descending file number (files of one level-0 merge share a sequence range but do not
 * overlap); (2) in every level above 0, files are ordered by smallest key and their user-key ranges
 * do not overlap, so a user key lives in at most one file per level (compaction never cuts a file
 * between two versions of one user key).
 *
 * <p>Thread-safety: immutable after construction; the reference count is atomic. A version is
 * referenced by the version set while current and by every reader (get, cursor) that uses it; files
 * of a version are not deleted while it is referenced.
 */
public final class Version {
  private final List<List<FileMetadata>> levels;
  private final AtomicInteger refs = new AtomicInteger();
  private final Consumer<Version> onRelease;

  Version(List<List<FileMetadata>> levels, Consumer<Version> onRelease) {
    this.levels = levels;
    this.onRelease = onRelease;
  }

  public void ref() {
    refs.incrementAndGet();
  }

  public void unref() {
    int r = refs.decrementAndGet();
    if (r == 0) {
      onRelease.accept(this);
    } else if (r < 0) {
      throw new IllegalStateException("version released too often");
    }
  }

  public int refs() {
    return refs.get();
  }

  public List<FileMetadata> files(int level) {
    return levels.get(level);
  }

  public int numLevels() {
    return levels.size();
  }

  public long levelBytes(int level) {
    long sum = 0;
    for (FileMetadata f : levels.get(level)) {
      sum += f.size();
    }
    return sum;
  }

  public int totalFiles() {
    int n = 0;
    for (List<FileMetadata> l : levels) {
      n += l.size();
    }
    return n;
  }

  /** Point lookup through the levels, per the {@code Lookup} convention. */
  public byte[] get(
      byte[] userKey, long keyHash, long sequence, TableSource tables, boolean fillCache) {
    List<FileMetadata> level0 = levels.get(0);
    for (int i = 0; i < level0.size(); i++) { // indexed: a lookup allocates no iterator
      FileMetadata f = level0.get(i);
      if (f.compareToSmallest(userKey) >= 0 && f.compareToLargest(userKey) <= 0) {
        byte[] r = tables.get(f, 0, userKey, keyHash, sequence, fillCache);
        if (r != null) {
          return r;
        }
      }
    }
    for (int level = 1; level < levels.size(); level++) {
      List<FileMetadata> files = levels.get(level);
      int i = findFile(files, userKey);
      if (i < files.size() && files.get(i).compareToSmallest(userKey) >= 0) {
        byte[] r = tables.get(files.get(i), level, userKey, keyHash, sequence, fillCache);
        if (r != null) {
          return r;
        }
      }
    }
    return null;
  }

  /**
   * Index of the first file whose largest user key is {@code >= userKey} (files.size() if none).
   */
  static int findFile(List<FileMetadata> files, byte[] userKey) {
    int lo = 0;
    int hi = files.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (files.get(mid).compareToLargest(userKey) > 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Files of {@code level} whose user-key range overlaps {@code [from, toExclusive)}. */
  public List<FileMetadata> overlapping(int level, byte[] from, byte[] toExclusive) {
    List<FileMetadata> out = new ArrayList<>();
    for (FileMetadata f : levels.get(level)) {
      if (f.overlaps(from, toExclusive)) {
        out.add(f);
      }
    }
    return out;
  }

  /** Files of {@code level} whose user-key range overlaps the closed range {@code [lo, hi]}. */
  public List<FileMetadata> overlappingInclusive(int level, byte[] lo, byte[] hi) {
    List<FileMetadata> out = new ArrayList<>();
    for (FileMetadata f : levels.get(level)) {
      if (f.compareToLargest(lo) <= 0 && f.compareToSmallest(hi) >= 0) {
        out.add(f);
      }
    }
    return out;
  }

  /** Adds one iterator per L0 file and one concatenating iterator per non-empty deeper level. */
  public void addIterators(List<InternalIterator> out, TableSource tables, boolean fillCache) {
    for (FileMetadata f : levels.get(0)) {
      out.add(tables.iterator(f, fillCache));
    }
    for (int level = 1; level < levels.size(); level++) {
      if (!levels.get(level).isEmpty()) {
        out.add(new LevelIterator(levels.get(level), tables, fillCache));
      }
    }
  }

  /** Builds versions by applying edits to a base. Not thread-safe. */
  public static final class Builder {
    private final List<List<FileMetadata>> levels = new ArrayList<>();

    public Builder(Version base) {
      for (int i = 0; i < VersionEdit.NUM_LEVELS; i++) {
        levels.add(new ArrayList<>(base == null ? List.of() : base.files(i)));
      }
    }

    public Builder apply(VersionEdit edit) {
      for (VersionEdit.Deleted d : edit.deleted()) {
        levels.get(d.level()).removeIf(f -> f.number() == d.number());
      }
      for (VersionEdit.Added a : edit.added()) {
        levels.get(a.level()).add(a.file());
      }
      return this;
    }

    /**
     * Sorts the levels and checks the invariants; returns a description of the first violation, or
     * null when the shape is valid.
     */
    public String check() {
      for (int level = 1; level < levels.size(); level++) {
        List<FileMetadata> files = sorted(level);
        for (int i = 1; i < files.size(); i++) {
          FileMetadata prev = files.get(i - 1);
          FileMetadata cur = files.get(i);
          // User-key ranges must be disjoint: prev's largest user key < cur's smallest user key.
          if (cur.compareToSmallest(InternalKey.userKey(prev.largest())) >= 0) {
            return "files " + prev.number() + " and " + cur.number() + " overlap in level " + level;
          }
        }
      }
      return null;
    }

    private List<FileMetadata> sorted(int level) {
      List<FileMetadata> files = levels.get(level);
      if (level == 0) {
        files.sort(
            (a, b) -> {
              int c = Long.compare(b.largestSeq(), a.largestSeq());
              return c != 0 ? c : Long.compare(b.number(), a.number());
            });
      } else {
        files.sort((a, b) -> InternalKey.compare(a.smallest(), b.smallest()));
      }
      return files;
    }

    public Version build(Consumer<Version> onRelease) {
      List<List<FileMetadata>> frozen = new ArrayList<>();
      for (int level = 0; level < levels.size(); level++) {
        frozen.add(Collections.unmodifiableList(new ArrayList<>(sorted(level))));
      }
      return new Version(Collections.unmodifiableList(frozen), onRelease);
    }
  }
}
