package org.cairndb.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code cairn levels}: draws the tree in the terminal: per level its size, compaction score and a
 * map of the key space its files cover, then each file with its key range, size and sequences.
 */
final class LevelsCommand extends Command {
  private static final int MAP_WIDTH = 48;
  private static final int FILES_SHOWN = 20;

  LevelsCommand() {
    super(
        "levels",
        "levels --db DIR [--all] [--json]   draw the tree: levels, files, key ranges, scores",
        """
        usage: cairn levels --db DIR [--all] [--json] [--hex|--base64]
        Draws the tree: per level the number of files, bytes and compaction score (a level
        with a score of 1 or more is due for compaction), a map of the key space its files
        cover, and each file as number, key range, size and sequence range.
          --all             list every file (default: the first 20 of each level)
          --json            one JSON object: {"levels":[{"level":0,"bytes":..,"score":..,
                            "files":[{"number":..,"size":..,"smallest":..,"largest":..}]}]}
          --hex, --base64   show keys in hex / base64 (default: text, hex when not printable)
        """,
        withByteFormat("--all", "--json"),
        Set.of("--db"));
  }

  @Override
  int run(Args a, Io io) throws Exception {
    a.expectPositionals(0, "no arguments");
    ByteFormat f = ByteFormat.of(a);
    String levelsText = Databases.read(a, db -> db.property("cairn.levels"));
    // Read after close: nothing changes the manifest any more while it is read.
    List<LevelInfo> levels = TreeShape.read(Databases.dir(a), levelsText);
    if (a.flag("--json")) {
      io.out().println(json(levels, f));
    } else {
      draw(levels, f, a.flag("--all"), io);
    }
    return ExitCode.OK;
  }

  static void draw(List<LevelInfo> levels, ByteFormat f, boolean all, Io io) {
    KeySpace space = TreeShape.keySpace(levels);
    io.out()
        .printf(
            Locale.ROOT,
            "%-5s %6s %11s %6s  key space (smallest .. largest key)%n",
            "level",
            "files",
            "size",
            "score");
    for (LevelInfo l : levels) {
      io.out()
          .printf(
              Locale.ROOT,
              "L%-4d %6d %11s %6s  |%s|%n",
              l.level(),
              l.files().size(),
              Sizes.human(l.bytes()),
              Double.isNaN(l.score()) ? "-" : String.format(Locale.ROOT, "%.2f", l.score()),
              map(l, space));
      int shown = 0;
      for (FileInfo file : l.files()) {
        if (!all && shown == FILES_SHOWN) {
          io.out()
              .printf(
                  Locale.ROOT,
                  "      ... %d more files (--all lists them)%n",
                  l.files().size() - shown);
          break;
        }
        io.out()
            .printf(
                Locale.ROOT,
                "      %06d.sst %10s  [%s .. %s]  seq %d..%d%n",
                file.number(),
                Sizes.human(file.size()),
                f.show(file.smallest()),
                f.show(file.largest()),
                file.smallestSeq(),
                file.largestSeq());
        shown++;
      }
    }
  }

  /** The key space as {@link #MAP_WIDTH} cells, {@code #} where a file of the level lies. */
  static String map(LevelInfo l, KeySpace space) {
    char[] cells = new char[MAP_WIDTH];
    Arrays.fill(cells, ' ');
    if (space != null) {
      for (FileInfo file : l.files()) {
        int from = (int) Math.floor(space.at(file.smallest()) * (MAP_WIDTH - 1));
        int to = (int) Math.ceil(space.at(file.largest()) * (MAP_WIDTH - 1));
        for (int i = from; i <= to; i++) {
          cells[i] = '#';
        }
      }
    }
    return new String(cells);
  }

  static String json(List<LevelInfo> levels, ByteFormat f) {
    StringBuilder sb = new StringBuilder("{\"levels\":[");
    for (int i = 0; i < levels.size(); i++) {
      LevelInfo l = levels.get(i);
      sb.append(i == 0 ? "" : ",")
          .append("{\"level\":")
          .append(l.level())
          .append(",\"bytes\":")
          .append(l.bytes())
          .append(",\"score\":")
          .append(Double.isNaN(l.score()) ? "null" : String.format(Locale.ROOT, "%.4f", l.score()))
          .append(",\"files\":[");
      for (int j = 0; j < l.files().size(); j++) {
        FileInfo file = l.files().get(j);
        sb.append(j == 0 ? "" : ",")
            .append("{\"number\":")
            .append(file.number())
            .append(",\"size\":")
            .append(file.size())
            .append(",\"smallest\":")
            .append(Json.str(f.show(file.smallest())))
            .append(",\"largest\":")
            .append(Json.str(f.show(file.largest())))
            .append(",\"smallestSeq\":")
            .append(file.smallestSeq())
            .append(",\"largestSeq\":")
            .append(file.largestSeq())
            .append('}');
      }
      sb.append("]}");
    }
    return sb.append("]}").toString();
  }
}
