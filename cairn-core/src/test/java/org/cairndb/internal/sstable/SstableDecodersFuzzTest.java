package org.cairndb.internal.sstable;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import org.cairndb.FuzzCorpus;
import org.cairndb.Mutator;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the block-level SSTable decoders: data blocks (with iteration and lookups), index blocks,
 * properties, Bloom filters and LZ4/ZSTD/Snappy decompression ({@link
 * SstableFuzzTargets#decoders}). Each test run replays the corpus in {@code
 * SstableDecodersFuzzTestInputs/fuzz} and runs a seeded mutation round; {@code -Pfuzz} fuzzes
 * coverage-guided.
 */
class SstableDecodersFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void fuzz(byte[] input) {
    SstableFuzzTargets.decoders(input);
  }

  @Test
  void mutations() throws IOException {
    if (FuzzCorpus.writing()) {
      FuzzCorpus.write(getClass(), "fuzz", SstableFuzzTargets.decoderInputs());
    }
    Mutator.run(
        "sstable decoders",
        SstableFuzzTargets.decoderInputs(),
        40_000,
        SstableFuzzTargets::decoders);
  }
}
