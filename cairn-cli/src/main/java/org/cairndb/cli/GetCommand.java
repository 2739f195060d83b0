package org.cairndb.cli;

import java.util.Set;

/** {@code cairn get --db DIR KEY}: prints the value alone and a newline; exit 1 when absent. */
final class GetCommand extends Command {
  GetCommand() {
    super(
        "get",
        "get --db DIR KEY              print the value (exit 1 when the key is absent)",
        """
        usage: cairn get --db DIR [--hex|--base64] [--json] KEY
        Prints the value stored under KEY and a newline; exits with 1 when there is none.
          --hex, --base64   KEY is given, and the value shown, in hex / base64
                            (default: UTF-8 text; a value that is not printable is shown in hex)
          --json            print {"key": ..., "value": ...}
        """,
        withByteFormat("--json"),
        Set.of("--db"));
  }

  @Override
  int run(Args a, Io io) throws Exception {
    ByteFormat f = ByteFormat.of(a);
    a.expectPositionals(1, "KEY");
    byte[] key = f.decode(a.positionals().get(0), "KEY");
    byte[] value = Databases.read(a, db -> db.get(key));
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
