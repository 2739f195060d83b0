package org.cairndb.cli;

import java.util.Arrays;
import java.util.Set;
import org.cairndb.Cairn;
import org.cairndb.Cursor;

/**
 * {@code cairn scan}: prints the entries of a key range in order (or in reverse), one per line:
 * {@code key<TAB>value}, or one JSON object per line with {@code --json}.
 */
final class ScanCommand extends Command {
  ScanCommand() {
    super(
        "scan",
        "scan --db DIR [--from K] [--to K] [--limit N] [--reverse]   list entries in order",
        """
        usage: cairn scan --db DIR [--from KEY] [--to KEY] [--limit N] [--reverse]
                          [--hex|--base64] [--json]
        Prints the entries with FROM <= key < TO in key order, one per line: key, a tab, value.
          --from KEY        first key (inclusive; default: the first key)
          --to KEY          end key (exclusive; default: after the last key)
          --limit N         print at most N entries
          --reverse         from the last key of the range down to the first
          --hex, --base64   keys given, and keys and values shown, in hex / base64
                            (default: UTF-8 text, hex for what is not printable)
          --json            one object per line: {"key": ..., "value": ...}
        """,
        withByteFormat("--json", "--reverse"),
        Set.of("--db", "--from", "--to", "--limit"));
  }

  @Override
  int run(Args a, Io io) {
    ByteFormat f = ByteFormat.of(a);
    a.expectPositionals(0, "no arguments");
    byte[] from = f.option(a, "--from");
    byte[] to = f.option(a, "--to");
    long limit = a.longOption("--limit", Long.MAX_VALUE);
    boolean json = a.flag("--json");
    boolean reverse = a.flag("--reverse");
    try (Cairn db = Databases.open(a, false);
        Cursor c = db.cursor()) {
      if (reverse) {
        if (to == null) {
          c.seekToLast();
        } else {
          c.seekForPrev(to);
          if (c.isValid() && Arrays.compareUnsigned(c.key(), to) >= 0) {
            c.prev();
          }
        }
      } else if (from == null) {
        c.seekToFirst();
      } else {
        c.seek(from);
      }
      for (long n = 0; n < limit && c.isValid(); n++) {
        byte[] k = c.key();
        if (reverse
            ? from != null && Arrays.compareUnsigned(k, from) < 0
            : to != null && Arrays.compareUnsigned(k, to) >= 0) {
          break;
        }
        byte[] v = c.value();
        io.out().println(json ? jsonEntry(f, k, v) : f.show(k) + "\t" + f.show(v));
        if (reverse) {
          c.prev();
        } else {
          c.next();
        }
      }
    }
    return ExitCode.OK;
  }

  /** {@code {"key": ..., "value": ...}} with both shown in {@code f}. */
  static String jsonEntry(ByteFormat f, byte[] key, byte[] value) {
    return "{\"key\":" + Json.str(f.show(key)) + ",\"value\":" + Json.str(f.show(value)) + "}";
  }
}
