package org.cairndb.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cairndb.internal.iter.InternalIterator;
import org.cairndb.internal.iter.MergingIterator;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.ValueKind;
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
 * The merging iterator over {@code inputs} sorted inputs holding {@value #TOTAL} entries between
 * them, dealt round-robin so that consecutive keys come from different inputs (the worst case: the
 * smallest input changes at every step). Up to four inputs take the linear-scan path, more take the
 * heap. {@code scan} is a full forward scan, reported per entry; {@code seek} is a seek to a random
 * present key, which seeks every input.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class MergingIteratorBench {
  static final int TOTAL = 65_536;

  @Param({"2", "8", "32"})
  public int inputs;

  MergingIterator merged;
  byte[][] targets;
  int i;

  @Setup(Level.Trial)
  public void setUp() {
    byte[] value = Fixtures.randomBytes(Fixtures.VALUE_BYTES, 51);
    List<InternalIterator> children = new ArrayList<>();
    for (int c = 0; c < inputs; c++) {
      int n = (TOTAL - c + inputs - 1) / inputs;
      byte[][] keys = new byte[n][];
      byte[][] values = new byte[n][];
      for (int j = 0; j < n; j++) {
        keys[j] = InternalKey.encode(Fixtures.presentKey(j * inputs + c), 1, ValueKind.PUT);
        values[j] = value;
      }
      children.add(new SortedArrayIterator(keys, values));
    }
    merged = new MergingIterator(children);
    byte[][] shuffled = Fixtures.shuffledKeys(TOTAL, 52);
    targets = new byte[TOTAL][];
    for (int j = 0; j < TOTAL; j++) {
      targets[j] = InternalKey.seekKey(shuffled[j], InternalKey.MAX_SEQUENCE);
    }
    Fixtures.check(scan() == TOTAL, "merged scan does not see every entry once");
    byte[] previous = null;
    for (merged.seekToFirst(); merged.isValid(); merged.next()) {
      Fixtures.check(
          previous == null || InternalKey.compare(previous, merged.key()) < 0,
          "merged scan out of order");
      previous = merged.key();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    merged.close();
  }

  @Benchmark
  @OperationsPerInvocation(TOTAL)
  public int scan() {
    int n = 0;
    for (merged.seekToFirst(); merged.isValid(); merged.next()) {
      n++;
    }
    return n;
  }

  @Benchmark
  public byte[] seek() {
    merged.seek(targets[i++ & (TOTAL - 1)]);
    return merged.key();
  }
}
