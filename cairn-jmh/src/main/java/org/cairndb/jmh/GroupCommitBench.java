package org.cairndb.jmh;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.cairndb.Cairn;
import org.cairndb.Options;
import org.cairndb.WriteOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Puts of a random 16-byte key and a 100-byte value through the public API into a database in the
 * temporary directory (64 MiB memtable, WAL on), from one thread and from four threads, whose
 * writes the engine commits in groups (one WAL append per group). {@code putSync4} asks for an
 * fsync per write, where grouping matters most: four waiting writers can share one fsync. Reported
 * as throughput over all threads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GroupCommitBench {

  /** One database per benchmark run, shared by its threads. */
  @State(Scope.Benchmark)
  public static class Db {
    Path dir;
    Cairn db;

    @Setup(Level.Trial)
    public void setUp() {
      dir = TempDir.create("cairn-jmh-db");
      db =
          Cairn.open(
              dir, Options.builder().memtableBytes(64L << 20).blockCacheBytes(64L << 20).build());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      db.close();
      TempDir.delete(dir);
    }
  }

  /** Each thread's own random keys. */
  @State(Scope.Thread)
  public static class Writer {
    final byte[] value = Fixtures.randomBytes(Fixtures.VALUE_BYTES, 41);
    SplittableRandom random;

    @Setup(Level.Trial)
    public void setUp() {
      random = new SplittableRandom(Thread.currentThread().getId());
    }

    byte[] nextKey() {
      return Fixtures.key(random.nextLong());
    }
  }

  @Benchmark
  @Threads(1)
  public void put1(Db d, Writer w) {
    d.db.put(w.nextKey(), w.value);
  }

  @Benchmark
  @Threads(4)
  public void put4(Db d, Writer w) {
    d.db.put(w.nextKey(), w.value);
  }

  @Benchmark
  @Threads(4)
  public void putSync4(Db d, Writer w) {
    d.db.put(w.nextKey(), w.value, WriteOptions.SYNC);
  }
}
