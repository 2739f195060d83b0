package org.cairndb.jmh;

import java.util.concurrent.TimeUnit;
import org.cairndb.internal.cache.BlockCache;
import org.cairndb.internal.iter.InternalIterator;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.ValueKind;
import org.cairndb.internal.sstable.TableBuilder;
import org.cairndb.internal.sstable.TableProperties;
import org.cairndb.internal.sstable.TableReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Data blocks, through the public table classes (the block classes themselves are package-private
 * to the engine):
 *
 * <ul>
 *   <li>{@code build}: building a whole table of {@value #BUILD_ENTRIES} sorted entries (prefix
 *       compression and restarts of each 4 KiB data block, plus the Bloom filter and index built
 *       alongside) into a file that discards its bytes; reported per entry.
 *   <li>{@code seek}: an iterator seek to a random present key, all blocks in the block cache
 *       (index binary search, then restart-point binary search and scan inside the block).
 *   <li>{@code get}: a point get of a present key with all blocks cached (Bloom probe, index
 *       search, block search, value copy).
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TableBench {
  static final int BUILD_ENTRIES = 10_000;

  /** Pre-encoded sorted entries for the build benchmark. */
  @State(Scope.Thread)
  public static class BuildState {
    byte[][] internalKeys;
    byte[] value;

    @Setup(Level.Trial)
    public void setUp() {
      value = Fixtures.randomBytes(Fixtures.VALUE_BYTES, 11);
      internalKeys = new byte[BUILD_ENTRIES][];
      for (int i = 0; i < BUILD_ENTRIES; i++) {
        internalKeys[i] = InternalKey.encode(Fixtures.presentKey(i), 1, ValueKind.PUT);
      }
    }
  }

  /** An open table whose blocks are all cached, and a reusable iterator over it. */
  @State(Scope.Thread)
  public static class ReadState {
    @Param({"100000"})
    public int entries;

    TableReader table;
    InternalIterator iterator;
    byte[][] seekTargets;
    byte[][] keys;
    int mask;
    int i;

    @Setup(Level.Trial)
    public void setUp() {
      byte[] value = Fixtures.randomBytes(Fixtures.VALUE_BYTES, 12);
      table = MemoryTable.build(entries, value, new BlockCache(256L << 20));
      iterator = table.iterator(true);
      int n = 0;
      for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
        n++; // reads every block once, through the cache
      }
      Fixtures.check(n == entries, "table holds " + n + " entries, expected " + entries);
      int size = Fixtures.powerOfTwoAtLeast(entries);
      mask = size - 1;
      keys = Fixtures.cycle(Fixtures.shuffledKeys(entries, 13), size);
      seekTargets = new byte[size][];
      for (int j = 0; j < size; j++) {
        seekTargets[j] = InternalKey.seekKey(keys[j], InternalKey.MAX_SEQUENCE);
      }
      for (int j = 0; j < entries; j++) {
        iterator.seek(seekTargets[j]);
        Fixtures.check(
            iterator.isValid()
                && InternalKey.compareUserKeys(iterator.key(), InternalKey.encode(keys[j], 0, 0))
                    == 0,
            "seek does not land on its key");
        Fixtures.check(Fixtures.same(table.get(keys[j], 1, true), value), "get misses its key");
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      iterator.close();
      table.close();
    }
  }

  @Benchmark
  @OperationsPerInvocation(BUILD_ENTRIES)
  public TableProperties build(BuildState s) {
    TableBuilder b = new TableBuilder(new DiscardFile(), "000001.sst", 1, MemoryTable.OPTIONS);
    byte[][] keys = s.internalKeys;
    for (byte[] k : keys) {
      b.add(k, s.value);
    }
    return b.finish();
  }

  @Benchmark
  public byte[] seek(ReadState s) {
    s.iterator.seek(s.seekTargets[s.i++ & s.mask]);
    return s.iterator.key();
  }

  @Benchmark
  public byte[] get(ReadState s) {
    return s.table.get(s.keys[s.i++ & s.mask], 1, true);
  }
}
