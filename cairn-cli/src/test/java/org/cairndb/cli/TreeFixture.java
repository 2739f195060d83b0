package org.cairndb.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.cairndb.Cairn;
import org.cairndb.Options;

/**
 * Builds, in this JVM, a closed database whose tree has files on level 0 and on a deeper level, so
 * tests can check what the command line shows of it. Keys are {@code key00000}..; every value is
 * {@code value-<n>}.
 */
final class TreeFixture {
  static final int KEYS = 3000;

  private TreeFixture() {}

  static String key(int i) {
    return String.format(Locale.ROOT, "key%05d", i);
  }

  static String value(int i) {
    return "value-" + i;
  }

  /** Writes the keys, compacts them to the bottom, then leaves two flushed tables on level 0. */
  static void build(Path dir) {
    Options o = Options.builder().l0CompactionTrigger(8).l0SlowdownWritesTrigger(10).build();
    try (Cairn db = Cairn.open(dir, o)) {
      for (int i = 0; i < KEYS; i++) {
        db.put(key(i).getBytes(UTF_8), value(i).getBytes(UTF_8));
      }
      db.flush();
      db.compactRange(null, null);
      for (int part = 0; part < 2; part++) {
        for (int i = part; i < KEYS; i += 50) {
          db.put(key(i).getBytes(UTF_8), value(i).getBytes(UTF_8));
        }
        db.flush();
      }
      db.put("unflushed".getBytes(UTF_8), "in-the-log".getBytes(UTF_8));
    }
  }

  /** The table files in the directory, sorted by name. */
  static List<String> tables(Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".sst"))
          .sorted()
          .forEach(out::add);
    }
    return out;
  }

  /** The write-ahead logs in the directory, sorted by name. */
  static List<String> logs(Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".log"))
          .sorted()
          .forEach(out::add);
    }
    return out;
  }
}
