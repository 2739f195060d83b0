package org.cairndb.cli;

import java.util.Set;
import org.cairndb.Cairn;

/** {@code cairn get --db DIR KEY}: prints the value alone and a newline; exit 1 when absent. */
final class GetCommand implements Command {
  @Override
  public String name() {
    return "get";
  }

  @Override
  public String summary() {
    return "get --db DIR KEY              print the value (exit 1 when the key is absent)";
  }

  @Override
  public String help() {
    return """
        usage: cairn get --db DIR [--hex|--base64] [--json] KEY
        Prints the value stored under KEY and a newline; exits with 1 when there is none.
          --hex, --base64   KEY is given, and the value shown, in hex / base64
                            (default: UTF-8 text; a value that is not printable is shown in hex)
          --json            print {"key": ..., "value": ...}
        """;
  }

  @Override
  public Set<String> flags() {
    return Set.of("--hex", "--base64", "--json");
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
    byte[] value;
    try (Cairn db = Databases.open(a, false)) {
      value = db.get(key);
    }
    if (value == null) {
      io.err().println("cairn: key not found: " + f.show(key));
      return ExitCode.NOT_FOUND;
    }
    if (a.flag("--json")) {
      io.out().println(ScanCommand.jsonEntry(f, key, value));
    } else {
      io.out().println(f.show(value));
    }
    return ExitCode.OK;
  }
}
