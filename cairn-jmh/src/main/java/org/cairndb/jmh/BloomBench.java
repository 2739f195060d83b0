package org.cairndb.jmh;

import java.util.concurrent.TimeUnit;
import org.cairndb.internal.sstable.TableReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The Bloom filter of a table of {@code entries} keys at 10 bits per key, probed through the table
 * (the filter class is package-private to the engine). {@code probeHit}/{@code probeMiss} hash the
 * key and probe; {@code probeHashHit}/{@code probeHashMiss} probe with a precomputed hash, which is
 * what a lookup over several tables pays per table after the first.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class BloomBench {
  @Param({"100000"})
  public int entries;

  TableReader table;
  byte[][] present;
  byte[][] absent;
  long[] presentHashes;
  long[] absentHashes;
  int mask;

  /** Where each thread is in the key arrays. */
  @State(Scope.Thread)
  public static class Position {
    int i;
  }

  @Setup(Level.Trial)
  public void setUp() {
    table = MemoryTable.build(entries, Fixtures.randomBytes(Fixtures.VALUE_BYTES, 21), null);
    Fixtures.check(table.hasFilter(), "table has no filter");
    int n = Fixtures.powerOfTwoAtLeast(entries);
    mask = n - 1;
    present = Fixtures.cycle(Fixtures.shuffledKeys(entries, 22), n);
    absent = Fixtures.cycle(Fixtures.shuffledAbsentKeys(entries, 23), n);
    presentHashes = new long[n];
    absentHashes = new long[n];
    int falsePositives = 0;
    for (int i = 0; i < n; i++) {
      presentHashes[i] = TableReader.keyHash(present[i]);
      absentHashes[i] = TableReader.keyHash(absent[i]);
      Fixtures.check(table.mayContain(present[i]), "filter excludes a present key");
      Fixtures.check(!table.filterExcludes(presentHashes[i]), "filter excludes a present hash");
      if (table.mayContain(absent[i])) {
        falsePositives++;
      }
    }
    // 10 bits per key gives about 1%; 5% would mean a broken filter, not bad luck.
    Fixtures.check(falsePositives < n / 20, "false positive rate " + falsePositives + "/" + n);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    table.close();
  }

  @Benchmark
  public boolean probeHit(Position p) {
    return table.mayContain(present[p.i++ & mask]);
  }

  @Benchmark
  public boolean probeMiss(Position p) {
    return table.mayContain(absent[p.i++ & mask]);
  }

  @Benchmark
  public boolean probeHashHit(Position p) {
    return table.filterExcludes(presentHashes[p.i++ & mask]);
  }

  @Benchmark
  public boolean probeHashMiss(Position p) {
    return table.filterExcludes(absentHashes[p.i++ & mask]);
  }
}
