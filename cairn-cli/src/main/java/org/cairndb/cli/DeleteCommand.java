package org.cairndb.cli;

import java.util.Set;

/** {@code cairn delete --db DIR KEY}: removes a key (no error when it is absent). */
final class DeleteCommand extends Command {
  DeleteCommand() {
    super(
        "delete",
        "delete --db DIR KEY           remove a key (no error when absent)",
        """
        usage: cairn delete --db DIR [--hex|--base64] [--sync] KEY
        Removes KEY; succeeds also when it is absent.
          --hex, --base64   KEY is given in hex / base64 (default: UTF-8 text)
          --sync            fsync the write-ahead log before returning
        """,
        withByteFormat("--sync"),
        Set.of("--db"));
  }

  @Override
  int run(Args a, Io io) throws Exception {
    ByteFormat f = ByteFormat.of(a);
    a.expectPositionals(1, "KEY");
    byte[] key = f.decode(a.positionals().get(0), "KEY");
    Databases.update(a, false, db -> db.delete(key, Databases.writeOptions(a)));
    return ExitCode.OK;
  }
}
