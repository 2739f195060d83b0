package org.cairndb.internal.db;

import java.util.ArrayList;
import java.util.List;
import org.cairndb.internal.version.FileMetadata;
import org.cairndb.internal.version.Version;
import org.cairndb.internal.version.VersionEdit;

/**
 * One planned compaction: input files from {@code level} and from {@code outputLevel} (which may be
 * the same level for a bottommost rewrite), merged into new files at {@code outputLevel}.
 * Immutable.
 */
record Compaction(
    int level, List<FileMetadata> inputs, int outputLevel, List<FileMetadata> outputLevelInputs) {

  /** True when one input file can move down a level without being rewritten. */
  boolean isTrivialMove() {
    return level != outputLevel && inputs.size() == 1 && outputLevelInputs.isEmpty();
  }

  List<FileMetadata> allInputs() {
    List<FileMetadata> all = new ArrayList<>(inputs);
    all.addAll(outputLevelInputs);
    return all;
  }

  /** Records the removal of every input in {@code edit}. */
  void deleteInputs(VersionEdit edit) {
    for (FileMetadata f : inputs) {
      edit.deleteFile(level, f.number());
    }
    for (FileMetadata f : outputLevelInputs) {
      edit.deleteFile(outputLevel, f.number());
    }
  }

  /** Smallest user key among the inputs' ranges. */
  static byte[] smallestUserKey(List<FileMetadata> files) {
    byte[] best = null;
    for (FileMetadata f : files) {
      byte[] k = org.cairndb.internal.key.InternalKey.userKey(f.smallest());
      if (best == null || java.util.Arrays.compareUnsigned(k, best) < 0) {
        best = k;
      }
    }
    return best;
  }

  /** Largest user key among the inputs' ranges. */
  static byte[] largestUserKey(List<FileMetadata> files) {
    byte[] best = null;
    for (FileMetadata f : files) {
      byte[] k = org.cairndb.internal.key.InternalKey.userKey(f.largest());
      if (best == null || java.util.Arrays.compareUnsigned(k, best) > 0) {
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
