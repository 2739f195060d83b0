package org.cairndb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;
import org.cairndb.CompactionStyle;
import org.cairndb.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** --compression, --compaction-threads and --style reach the engines, and every codec works. */
class OptionsTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"lz4", "zstd", "snappy"})
  void everyCodecRunsOnCairnAndRocksDb(String codec) throws Exception {
    BenchConfig cfg =
        BenchConfig.parse(
            "--num",
            "2000",
            "--value-size",
            "300",
            "--benchmarks",
            "fillrandom,compact,readrandom",
            "--engines",
            "cairn,rocksdb",
            "--compression",
            codec,
            "--compaction-threads",
            "3",
            "--style",
            "tiered",
            "--dir",
            tmp.toString(),
            "--quiet");
    assertEquals(Compression.valueOf(codec.toUpperCase(Locale.ROOT)), cfg.cairnCompression());
    assertEquals(4, cfg.backgroundJobs());
    assertEquals(CompactionStyle.TIERED, cfg.style);
    Report.BenchReport report = DbBench.execute(cfg, System.err);
    for (Result r : report.results()) {
      assertNull(r.error(), codec + ": " + r);
    }
    assertEquals(2000, report.find("readrandom", "cairn").found());
    assertEquals(2000, report.find("readrandom", "rocksdb").found());
    Runner.EngineRun cairn = report.runs().get(0);
    Runner.EngineRun rocks = report.runs().get(1);
    assertEquals(codec.toUpperCase(Locale.ROOT), cairn.settings().get(Settings.COMPRESSION));
    assertTrue(
        rocks.settings().get(Settings.COMPRESSION).startsWith(codec.toUpperCase(Locale.ROOT)),
        rocks.settings().toString());
    assertTrue(cairn.settings().get(Settings.THREADS).startsWith("maxBackgroundJobs=4"));
    assertTrue(rocks.settings().get(Settings.THREADS).startsWith("max_background_jobs=4"));
    assertEquals("tiered", cairn.settings().get(Settings.STYLE));
  }

  @Test
  void badValuesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> BenchConfig.parse("--compression", "gzip"));
    assertThrows(IllegalArgumentException.class, () -> BenchConfig.parse("--style", "universal"));
    assertThrows(
        IllegalArgumentException.class, () -> BenchConfig.parse("--compaction-threads", "0"));
    for (String bad : new String[] {"0", "-0.5", "1.01", "NaN", "half"}) {
      assertThrows(
          IllegalArgumentException.class, () -> BenchConfig.parse("--compression-ratio", bad), bad);
    }
    assertEquals(0.25, BenchConfig.parse("--compression-ratio=0.25").compressionRatio);
    assertEquals(1234, BenchConfig.parse("--n", "1234").num);
    BenchConfig d = BenchConfig.parse();
    assertEquals(2, d.backgroundJobs(), "the default matches the engines' own defaults");
    assertEquals(Engine.NAMES, d.engines);
    assertTrue(!d.enginesExplicit);
  }
}
