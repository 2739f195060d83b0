package org.cairndb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM writes (single puts, deletes and batches; SYNC and DEFAULT) and records each
 * acknowledged operation in a side file; the parent kills it with SIGKILL at a random moment,
 * reopens the database and checks that every acknowledged operation is present (the one operation
 * in flight may or may not be), over many cycles on the same database.
 */
class KillTest {
  @TempDir Path tmp;

  /** The operation with index {@code i}: a pure function of the seed, so both sides agree. */
  static List<Mutation> op(long seed, long i) {
    Random r = new Random(seed * 1_000_003L + i);
    List<Mutation> out = new ArrayList<>();
    int n = r.nextInt(4) == 0 ? 1 + r.nextInt(5) : 1;
    for (int j = 0; j < n; j++) {
      byte[] k = ("key" + r.nextInt(2000)).getBytes(UTF_8);
      if (r.nextInt(5) == 0) {
        out.add(new Mutation(k, null));
      } else {
        byte[] v = new byte[20 + r.nextInt(200)];
        r.nextBytes(v);
        v[0] = (byte) i;
        out.add(new Mutation(k, v));
      }
    }
    return out;
  }

  static Options options() {
    return Options.builder()
        .memtableBytes(64 << 10)
        .l0CompactionTrigger(3)
        .baseLevelBytes(256 << 10)
        .targetFileBytes(64 << 10)
        .build();
  }

  @Test
  void acknowledgedWritesSurviveKill9() throws Exception {
    long seed = Seeds.seed();
    Path db = tmp.resolve("db");
    Path acks = tmp.resolve("acks");
    Random rnd = new Random(seed);
    Model model = new Model();
    long next = 0;
    int cycles = Seeds.scaled(20);
    String java = ProcessHandle.current().info().command().orElse("java");
    for (int cycle = 0; cycle < cycles; cycle++) {
      Files.deleteIfExists(acks);
      Process p =
          new ProcessBuilder(
                  java,
                  "-Xmx256m",
                  "-cp",
                  System.getProperty("java.class.path"),
                  Writer.class.getName(),
                  db.toString(),
                  acks.toString(),
                  Long.toString(seed),
                  Long.toString(next))
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve("child.log").toFile())
              .start();
      // Let it start and write for a while, then kill -9.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!Files.exists(acks) && System.nanoTime() < deadline && p.isAlive()) {
        Thread.sleep(20);
      }
      Thread.sleep(100 + rnd.nextInt(900));
      assertTrue(p.isAlive(), "writer exited early: " + Files.readString(tmp.resolve("child.log")));
      p.destroyForcibly();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));

      long lastAck = lastAck(acks, next);
      for (long i = next; i <= lastAck; i++) {
        Mutation.apply(op(seed, i), model);
      }
      try (Cairn cairn = Cairn.open(db, options())) {
        long found = Model.fingerprintOf(cairn);
        if (found != model.fingerprint()) {
          Model withInFlight = new Model(model);
          Mutation.apply(op(seed, lastAck + 1), withInFlight);
          if (found != withInFlight.fingerprint()) {
            model.assertSameAs(cairn, "seed " + seed + " cycle " + cycle + " after ack " + lastAck);
          }
          model = withInFlight;
        }
        model.assertSameAs(cairn, "seed " + seed + " cycle " + cycle);
      }
      next = lastAck + 2;
    }
    assertTrue(
        next > cycles * 10L, "the writer made too little progress to test anything: " + next);
  }

  private static long lastAck(Path acks, long next) throws IOException {
    long last = next - 1;
    if (!Files.exists(acks)) {
      return last;
    }
    String[] lines = Files.readString(acks, UTF_8).split("\n", -1);
    // The final element is the text after the last newline: empty or a torn line; ignore it.
    for (int i = 0; i < lines.length - 1; i++) {
      last = Math.max(last, Long.parseLong(lines[i].trim()));
    }
    return last;
  }

  /** Child process: applies operations from a start index until killed, acking each. */
  public static final class Writer {
    private Writer() {}

    public static void main(String[] args) throws IOException {
      Path dir = Path.of(args[0]);
      Path acks = Path.of(args[1]);
      long seed = Long.parseLong(args[2]);
      long i = Long.parseLong(args[3]);
      try (Cairn db = Cairn.open(dir, options());
          FileChannel ack =
              FileChannel.open(
                  acks,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE,
                  StandardOpenOption.APPEND)) {
        while (true) {
          List<Mutation> op = op(seed, i);
          WriteOptions wo = i % 7 == 0 ? WriteOptions.SYNC : WriteOptions.DEFAULT;
          if (op.size() == 1) {
            Mutation m = op.get(0);
            if (m.value() == null) {
              db.delete(m.key(), wo);
            } else {
              db.put(m.key(), m.value(), wo);
            }
          } else {
            WriteBatch b = new WriteBatch();
            for (Mutation m : op) {
              if (m.value() == null) {
                b.delete(m.key());
              } else {
                b.put(m.key(), m.value());
              }
            }
            db.write(b, wo);
          }
          ByteBuffer line = ByteBuffer.wrap((i + "\n").getBytes(UTF_8));
          while (line.hasRemaining()) {
            ack.write(line);
          }
          i++;
        }
      }
    }
  }
}
