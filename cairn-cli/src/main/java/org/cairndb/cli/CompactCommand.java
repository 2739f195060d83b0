package org.cairndb.cli;

import java.util.Set;
import org.cairndb.Cairn;

/** {@code cairn compact}: compacts a key range (or everything) and returns when it is done. */
final class CompactCommand implements Command {
  @Override
  public String name() {
    return "compact";
  }

  @Override
  public String summary() {
    return "compact --db DIR [--from K] [--to K]   compact a key range (default: all keys)";
  }

  @Override
  public String help() {
    return """
        usage: cairn compact --db DIR [--from KEY] [--to KEY] [--hex|--base64]
        Flushes the memtable, then compacts the keys in [FROM, TO) down the tree, dropping
        deleted and overwritten entries; prints the levels afterwards.
          --from KEY, --to KEY   the range (default: unbounded on that side)
          --hex, --base64        the keys are given in hex / base64
        """;
  }

  @Override
  public Set<String> flags() {
    return Set.of("--hex", "--base64");
  }

  @Override
  public Set<String> options() {
    return Set.of("--db", "--from", "--to");
  }

  @Override
  public int run(Args a, Io io) throws java.io.IOException {
    ByteFormat f = ByteFormat.of(a);
    a.expectPositionals(0, "no arguments");
    byte[] from = a.option("--from") == null ? null : f.decode(a.option("--from"), "--from");
    byte[] to = a.option("--to") == null ? null : f.decode(a.option("--to"), "--to");
    String levelsText;
    try (Cairn db = Databases.open(a, false)) {
      db.flush();
      db.compactRange(from, to);
      levelsText = db.property("cairn.levels");
    }
    LevelsCommand.draw(TreeShape.read(Databases.dir(a), levelsText), f, false, io);
    return ExitCode.OK;
  }
}
