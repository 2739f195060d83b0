package org.cairndb.internal.sstable;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import org.cairndb.FuzzCorpus;
import org.cairndb.Mutator;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the whole SSTable reader: arbitrary bytes opened as a table file, iterated both ways and
 * searched, with checksums repaired first for odd mode bytes ({@link SstableFuzzTargets#table}).
 * Each test run replays the corpus in {@code TableReaderFuzzTestInputs/fuzz} and runs a seeded
 * mutation round; {@code -Pfuzz} fuzzes coverage-guided.
 */
class TableReaderFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void fuzz(byte[] input) {
    SstableFuzzTargets.table(input);
  }

  @Test
  void mutations() throws IOException {
    if (FuzzCorpus.writing()) {
      FuzzCorpus.write(getClass(), "fuzz", SstableFuzzTargets.tableInputs());
    }
    Mutator.run("table reader", SstableFuzzTargets.tableInputs(), 6_000, SstableFuzzTargets::table);
  }
}
