package org.cairndb.stress;

import java.util.SplittableRandom;
import org.cairndb.Compression;
import org.cairndb.Options;

/**
 * The database options of one run: a small memtable so flushes and compactions never stop, small
 * files, levels and manifest so that every kind of background work (including manifest rollover)
 * happens within seconds, and per run a random draw of compression, bloom filter, block size, block
 * cache and open-file limit, so reopening exercises files written under other settings. A pure
 * function of its inputs, so the child and the verifier agree.
 */
final class RunOptions {
  private RunOptions() {}

  static Options of(long memtableBytes, long runSeed) {
    SplittableRandom r = new SplittableRandom(runSeed ^ 0x6F70_7469_6F6E_73L);
    Compression[] codecs = Compression.values();
    return Options.builder()
        .memtableBytes(memtableBytes)
        .targetFileBytes(Math.max(1024, memtableBytes / 2))
        .baseLevelBytes(Math.max(1024, memtableBytes * 4))
        .levelMultiplier(4)
        .l0CompactionTrigger(2 + r.nextInt(3))
        .maxManifestBytes(64 << 10)
        .compression(codecs[r.nextInt(codecs.length)])
        .bloomBitsPerKey(r.nextBoolean() ? 10 : 0)
        .blockSize(256 << r.nextInt(5))
        .blockCacheBytes(r.nextBoolean() ? 0 : 1 << 20)
        .maxOpenFiles(16 + r.nextInt(200))
        .build();
  }
}
