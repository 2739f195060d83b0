package org.cairndb.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.cairndb.Cairn;
import org.cairndb.Cursor;
import org.cairndb.WriteBatch;

/**
 * {@code cairn demo}: writes N keys into a temporary database, reads them back at random, scans
 * them in order, closes, reopens and verifies every key, printing the throughput of each step.
 */
final class Demo {
  private static final int VALUE_BYTES = 100;

  private Demo() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    long keys = 1_000_000;
    Path dir = null;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--keys" -> {
          keys = Long.parseLong(value(args, ++i, "--keys"));
          if (keys <= 0 || keys > 1_000_000_000L) {
            throw new IllegalArgumentException("--keys must be in [1, 1000000000]");
          }
        }
        case "--dir" -> dir = Path.of(value(args, ++i, "--dir"));
        default -> throw new IllegalArgumentException("unknown option for demo: " + args[i]);
      }
    }
    boolean temporary = dir == null;
    try {
      if (temporary) {
        dir = Files.createTempDirectory("cairn-demo");
      }
      return demo(dir, keys, out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (temporary && dir != null) {
        deleteTree(dir);
      }
    }
  }

  private static String value(String[] args, int i, String name) {
    if (i >= args.length) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    return args[i];
  }

  private static int demo(Path dir, long n, PrintStream out, PrintStream err) {
    out.printf(
        Locale.ROOT,
        "cairn demo: %,d keys (16-byte keys, %d-byte values) in %s%n",
        n,
        VALUE_BYTES,
        dir);
    long t;
    try (Cairn db = Cairn.open(dir)) {
      t = System.nanoTime();
      WriteBatch batch = new WriteBatch();
      for (long i = 0; i < n; i++) {
        batch.put(key(i), value(i));
        if (batch.count() == 100) {
          db.write(batch);
          batch.clear();
        }
      }
      db.write(batch);
      report(out, "write (batches of 100)", n, System.nanoTime() - t);

      t = System.nanoTime();
      SplittableRandom rnd = new SplittableRandom(42);
      long reads = Math.min(n, 200_000);
      for (long i = 0; i < reads; i++) {
        long k = rnd.nextLong(n);
        if (!Arrays.equals(db.get(key(k)), value(k))) {
          err.println("FAILED: wrong value for key " + k);
          return 1;
        }
      }
      report(out, "random reads (memtable + tables)", reads, System.nanoTime() - t);

      t = System.nanoTime();
      db.flush();
      report(out, "flush", 1, System.nanoTime() - t);

      t = System.nanoTime();
      long seen = scan(db, n, err);
      if (seen < 0) {
        return 1;
      }
      report(out, "ordered scan", seen, System.nanoTime() - t);
    }
    t = System.nanoTime();
    try (Cairn db = Cairn.open(dir)) {
      report(out, "reopen", 1, System.nanoTime() - t);
      t = System.nanoTime();
      for (long i = 0; i < n; i++) {
        if (!Arrays.equals(db.get(key(i)), value(i))) {
          err.println("FAILED after reopen: wrong value for key " + i);
          return 1;
        }
      }
      report(out, "verify every key after reopen", n, System.nanoTime() - t);
      out.println("levels after the run:");
      out.print(db.property("cairn.levels"));
    }
    out.println("OK: all " + n + " keys verified");
    return 0;
  }

  private static long scan(Cairn db, long n, PrintStream err) {
    long count = 0;
    try (Cursor c = db.cursor()) {
      for (c.seekToFirst(); c.isValid(); c.next()) {
        if (!Arrays.equals(c.key(), key(count)) || !Arrays.equals(c.value(), value(count))) {
          err.println("FAILED: scan out of order at position " + count);
          return -1;
        }
        count++;
      }
    }
    if (count != n) {
      err.println("FAILED: scan saw " + count + " keys, expected " + n);
      return -1;
    }
    return count;
  }

  private static void report(PrintStream out, String step, long ops, long nanos) {
    double secs = nanos / 1e9;
    if (ops == 1) {
      out.printf(Locale.ROOT, "  %-34s %10.1f ms%n", step, nanos / 1e6);
    } else {
      out.printf(
          Locale.ROOT, "  %-34s %,12.0f ops/s  (%,d ops in %.2f s)%n", step, ops / secs, ops, secs);
    }
  }

  /** 16-byte keys in increasing order: "key" + 13 zero-padded digits. */
  static byte[] key(long i) {
    byte[] k = new byte[16];
    k[0] = 'k';
    k[1] = 'e';
    k[2] = 'y';
    long v = i;
    for (int p = 15; p >= 3; p--) {
      k[p] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    return k;
  }

  /** A 100-byte value derived from the key number, so every read can be checked. */
  static byte[] value(long i) {
    byte[] v = new byte[VALUE_BYTES];
    long x = i * 0x9E3779B97F4A7C15L + 1;
    for (int p = 0; p < VALUE_BYTES; p++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      v[p] = (byte) x;
    }
    return v;
  }

  private static void deleteTree(Path dir) {
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.delete(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // Best effort: a temporary directory left behind is harmless.
    }
  }
}
