package org.cairndb.cli;

import java.util.Set;
import org.cairndb.Cairn;
import org.cairndb.WriteOptions;

/** {@code cairn delete --db DIR KEY}: removes a key (no error when it is absent). */
final class DeleteCommand implements Command {
  @Override
  public String name() {
    return "delete";
  }

  @Override
  public String summary() {
    return "delete --db DIR KEY           remove a key (no error when absent)";
  }

  @Override
  public String help() {
    return """
        usage: cairn delete --db DIR [--hex|--base64] [--sync] KEY
        Removes KEY; succeeds also when it is absent.
          --hex, --base64   KEY is given in hex / base64 (default: UTF-8 text)
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
    a.expectPositionals(1, "KEY");
    byte[] key = f.decode(a.positionals().get(0), "KEY");
    try (Cairn db = Databases.open(a, false)) {
      db.delete(key, a.flag("--sync") ? WriteOptions.SYNC : WriteOptions.DEFAULT);
    }
    return ExitCode.OK;
  }
}
