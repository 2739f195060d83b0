package org.cairndb.internal.db;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.version.FileMetadata;
import org.cairndb.internal.version.Version;
import org.cairndb.internal.version.VersionEdit;

/**
 * One planned compaction: input files from {@code level}, from {@code outputLevel} (which may be
 * the same level for a bottommost rewrite) and, for a tiered merge of several sorted runs, whole
 * levels in between ({@code middle}, by level), merged into new files at {@code outputLevel}.
 * Immutable.
 */
record Compaction(
    int level,
    List<FileMetadata> inputs,
    int outputLevel,
    List<FileMetadata> outputLevelInputs,
    Map<Integer, List<FileMetadata>> middle) {

  Compaction(
      int level, List<FileMetadata> inputs, int outputLevel, List<FileMetadata> outputLevelInputs) {
    this(level, inputs, outputLevel, outputLevelInputs, Map.of());
  }

  /**
   * True when the inputs can move down a level without being rewritten: nothing at the output level
   * overlaps them and their user-key ranges are disjoint, so they form a valid part of a sorted run
   * as they are. Several level-0 files of ascending keys (a sequential load) move together this way
   * instead of being merged.
   */
  boolean isTrivialMove() {
    return level != outputLevel
        && !inputs.isEmpty()
        && outputLevelInputs.isEmpty()
        && middle.isEmpty()
        && disjoint(inputs);
  }

  /** True when no two files' user-key ranges overlap (touching at one key counts as overlap). */
  static boolean disjoint(List<FileMetadata> files) {
    if (files.size() < 2) {
      return true;
    }
    List<FileMetadata> sorted = new ArrayList<>(files);
    sorted.sort((a, b) -> Arrays.compareUnsigned(userKey(a.smallest()), userKey(b.smallest())));
    for (int i = 1; i < sorted.size(); i++) {
      byte[] previousLargest = userKey(sorted.get(i - 1).largest());
      if (Arrays.compareUnsigned(previousLargest, userKey(sorted.get(i).smallest())) >= 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] userKey(byte[] internalKey) {
    return InternalKey.userKey(internalKey);
  }

  List<FileMetadata> allInputs() {
    List<FileMetadata> all = new ArrayList<>(inputs);
    for (List<FileMetadata> files : middle.values()) {
      all.addAll(files);
    }
    all.addAll(outputLevelInputs);
    return all;
  }

  /** True when this compaction reads {@code level}. */
  boolean readsLevel(int l) {
    return l == level || l == outputLevel || middle.containsKey(l);
  }

  /** True when the user-key ranges of this and {@code other}'s inputs overlap. */
  boolean rangeOverlaps(Compaction other) {
    List<FileMetadata> a = allInputs();
    List<FileMetadata> b = other.allInputs();
    return Arrays.compareUnsigned(smallestUserKey(a), largestUserKey(b)) <= 0
        && Arrays.compareUnsigned(smallestUserKey(b), largestUserKey(a)) <= 0;
  }

  /** Records the removal of every input in {@code edit}. */
  void deleteInputs(VersionEdit edit) {
    for (FileMetadata f : inputs) {
      edit.deleteFile(level, f.number());
    }
    for (Map.Entry<Integer, List<FileMetadata>> e : middle.entrySet()) {
      for (FileMetadata f : e.getValue()) {
        edit.deleteFile(e.getKey(), f.number());
      }
    }
    for (FileMetadata f : outputLevelInputs) {
      edit.deleteFile(outputLevel, f.number());
    }
  }

  /** Smallest user key among the inputs' ranges. */
  static byte[] smallestUserKey(List<FileMetadata> files) {
    byte[] best = null;
    for (FileMetadata f : files) {
      byte[] k = InternalKey.userKey(f.smallest());
      if (best == null || Arrays.compareUnsigned(k, best) < 0) {
        best = k;
      }
    }
    return best;
  }

  /** Largest user key among the inputs' ranges. */
  static byte[] largestUserKey(List<FileMetadata> files) {
    byte[] best = null;
    for (FileMetadata f : files) {
      byte[] k = InternalKey.userKey(f.largest());
      if (best == null || Arrays.compareUnsigned(k, best) > 0) {
        best = k;
      }
    }
    return best;
  }

  /** Builds a compaction of {@code inputs} at {@code level} into {@code outputLevel}. */
  static Compaction of(Version v, int level, List<FileMetadata> inputs, int outputLevel) {
    List<FileMetadata> below = List.of();
    if (outputLevel != level) {
      below = v.overlappingInclusive(outputLevel, smallestUserKey(inputs), largestUserKey(inputs));
    }
    return new Compaction(level, List.copyOf(inputs), outputLevel, List.copyOf(below));
  }
}
