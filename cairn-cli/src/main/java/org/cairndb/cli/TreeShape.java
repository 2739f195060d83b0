package org.cairndb.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cairndb.fs.NioVfs;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.version.FileMetadata;
import org.cairndb.internal.version.Version;
import org.cairndb.internal.version.VersionSet;

/**
 * The shape of a database's tree: per level its files with key ranges and sizes (read from the
 * manifest, without the directory lock and without writing anything) and the compaction scores the
 * engine reported in its {@code cairn.levels} property. Stateless.
 */
final class TreeShape {
  private TreeShape() {}

  /**
   * Reads the manifest of the database in {@code dir} and joins it with {@code levelsProperty} (the
   * text of {@code cairn.levels}: a header line naming the columns, then one line per level
   * starting with {@code L<n>}); levels the property does not score get NaN.
   */
  static List<LevelInfo> read(Path dir, String levelsProperty) throws IOException {
    Map<Integer, Double> scores = scores(levelsProperty);
    VersionSet vs = new VersionSet(NioVfs.get(), dir.toAbsolutePath().normalize(), Long.MAX_VALUE);
    try {
      vs.recover();
      Version v = vs.current();
      List<LevelInfo> out = new ArrayList<>();
      for (int level = 0; level < v.numLevels(); level++) {
        List<FileInfo> files = new ArrayList<>();
        for (FileMetadata f : v.files(level)) {
          files.add(
              new FileInfo(
                  f.number(),
                  f.size(),
                  InternalKey.userKey(f.smallest()),
                  InternalKey.userKey(f.largest()),
                  f.smallestSeq(),
                  f.largestSeq()));
        }
        out.add(
            new LevelInfo(
                level, v.levelBytes(level), scores.getOrDefault(level, Double.NaN), files));
      }
      return out;
    } finally {
      vs.close();
    }
  }

  /** Level to score, from the column named {@code score} of the property's table. */
  static Map<Integer, Double> scores(String text) {
    Map<Integer, Double> out = new HashMap<>();
    if (text == null) {
      return out;
    }
    int column = -1;
    for (String line : text.split("\n", -1)) {
      String[] cols = line.strip().split("\\s+", -1);
      if (cols.length == 0 || cols[0].isEmpty()) {
        continue;
      }
      if (column < 0) {
        for (int i = 0; i < cols.length; i++) {
          if (cols[i].equalsIgnoreCase("score")) {
            column = i;
          }
        }
        continue;
      }
      if (cols[0].length() < 2 || cols[0].charAt(0) != 'L' || column >= cols.length) {
        continue;
      }
      try {
        out.put(Integer.parseInt(cols[0].substring(1)), Double.parseDouble(cols[column]));
      } catch (NumberFormatException e) {
        // A line of another shape (a note or summary): not a level.
      }
    }
    return out;
  }

  /** The scale of the tree's key space, or null for an empty tree. */
  static KeySpace keySpace(List<LevelInfo> levels) {
    List<byte[]> bounds = new ArrayList<>();
    for (LevelInfo l : levels) {
      for (FileInfo f : l.files()) {
        bounds.add(f.smallest());
        bounds.add(f.largest());
      }
    }
    return bounds.isEmpty() ? null : new KeySpace(bounds);
  }
}
