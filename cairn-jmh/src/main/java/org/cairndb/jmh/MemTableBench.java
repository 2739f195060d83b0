package org.cairndb.jmh;

import java.util.concurrent.TimeUnit;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.ValueKind;
import org.cairndb.internal.memtable.MemTable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The memtable (the skip list in an arena): insert of a 16-byte key with a 100-byte value in random
 * key order, and point gets of present and absent keys in a memtable of {@code entries} entries.
 *
 * <p>The insert benchmark fills a memtable up to {@code entries} entries and then starts a fresh
 * one, so it measures inserts into tables of 0 to {@code entries} entries (the allocation of a new
 * memtable is amortized over {@code entries} inserts).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MemTableBench {

  /** A memtable being filled in random key order. One per benchmark thread. */
  @State(Scope.Thread)
  public static class InsertState {
    @Param({"100000"})
    public int entries;

    byte[][] keys;
    byte[] value;
    MemTable table;
    long sequence;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
      keys = Fixtures.shuffledKeys(entries, 1);
      value = Fixtures.randomBytes(Fixtures.VALUE_BYTES, 2);
    }

    @Setup(Level.Iteration)
    public void freshTable() {
      table = new MemTable();
      next = 0;
    }
  }

  /** A filled memtable and the keys to look up. Shared, read-only. */
  @State(Scope.Benchmark)
  public static class GetState {
    @Param({"100000"})
    public int entries;

    MemTable table;
    byte[][] present;
    byte[][] absent;
    int mask;

    @Setup(Level.Trial)
    public void setUp() {
      table = new MemTable();
      byte[] value = Fixtures.randomBytes(Fixtures.VALUE_BYTES, 3);
      byte[][] keys = Fixtures.shuffledKeys(entries, 4);
      long seq = 0;
      for (byte[] k : keys) {
        table.add(++seq, ValueKind.PUT, k, value);
      }
      int n = Fixtures.powerOfTwoAtLeast(entries);
      mask = n - 1;
      present = Fixtures.cycle(Fixtures.shuffledKeys(entries, 5), n);
      absent = Fixtures.cycle(Fixtures.shuffledAbsentKeys(entries, 6), n);
      for (int i = 0; i < entries; i++) {
        Fixtures.check(
            Fixtures.same(table.get(present[i], InternalKey.MAX_SEQUENCE), value),
            "memtable misses a present key");
        Fixtures.check(
            table.get(absent[i], InternalKey.MAX_SEQUENCE) == null, "memtable finds an absent key");
      }
    }
  }

  /** Where each thread is in the lookup key arrays. */
  @State(Scope.Thread)
  public static class Position {
    int i;
  }

  @Benchmark
  public MemTable insert(InsertState s) {
    if (s.next == s.entries) {
      s.freshTable();
    }
    s.table.add(++s.sequence, ValueKind.PUT, s.keys[s.next++], s.value);
    return s.table;
  }

  @Benchmark
  public byte[] getHit(GetState s, Position c) {
    return s.table.get(s.present[c.i++ & s.mask], InternalKey.MAX_SEQUENCE);
  }

  @Benchmark
  public byte[] getMiss(GetState s, Position c) {
    return s.table.get(s.absent[c.i++ & s.mask], InternalKey.MAX_SEQUENCE);
  }
}
