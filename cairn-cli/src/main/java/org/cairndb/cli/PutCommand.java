package org.cairndb.cli;

import java.util.Set;

/** {@code cairn put --db DIR KEY VALUE}: stores one value (creating the database if missing). */
final class PutCommand extends Command {
  PutCommand() {
    super(
        "put",
        "put --db DIR KEY VALUE        store a value (creates the database when missing)",
        """
        usage: cairn put --db DIR [--hex|--base64] [--sync] KEY VALUE
        Stores VALUE under KEY; creates the database when DIR holds none.
          --hex, --base64   KEY and VALUE are given in hex / base64 (default: UTF-8 text)
          --sync            fsync the write-ahead log before returning
        """,
        withByteFormat("--sync"),
        Set.of("--db"));
  }

  @Override
  int run(Args a, Io io) throws Exception {
    ByteFormat f = ByteFormat.of(a);
    a.expectPositionals(2, "KEY VALUE");
    byte[] key = f.decode(a.positionals().get(0), "KEY");
    byte[] value = f.decode(a.positionals().get(1), "VALUE");
    Databases.update(a, true, db -> db.put(key, value, Databases.writeOptions(a)));
    return ExitCode.OK;
  }
}
