package org.cairndb.cli;

import java.util.Set;
import org.cairndb.Cairn;
import org.cairndb.WriteOptions;

/** {@code cairn put --db DIR KEY VALUE}: stores one value (creating the database if missing). */
final class PutCommand implements Command {
  @Override
  public String name() {
    return "put";
  }

  @Override
  public String summary() {
    return "put --db DIR KEY VALUE        store a value (creates the database when missing)";
  }

  @Override
  public String help() {
    return """
        usage: cairn put --db DIR [--hex|--base64] [--sync] KEY VALUE
        Stores VALUE under KEY; creates the database when DIR holds none.
          --hex, --base64   KEY and VALUE are given in hex / base64 (default: UTF-8 text)
          --sync            fsync the write-ahead log before returning
        """;
  }

  @Override
  public Set<String> flags() {
    return Set.of("--hex", "--base64", "--sync");
  }

  @Override
  public Set<String> options() {
    return Set.of("--db");
  }

  @Override
  public int run(Args a, Io io) {
    ByteFormat f = ByteFormat.of(a);
    a.expectPositionals(2, "KEY VALUE");
    byte[] key = f.decode(a.positionals().get(0), "KEY");
    byte[] value = f.decode(a.positionals().get(1), "VALUE");
    try (Cairn db = Databases.open(a, true)) {
      db.put(key, value, a.flag("--sync") ? WriteOptions.SYNC : WriteOptions.DEFAULT);
    }
    return ExitCode.OK;
  }
}
