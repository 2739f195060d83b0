package org.cairndb.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cairndb.CompactionStyle;
import org.cairndb.Compression;

/** The benchmark's settings, parsed from the command line. Immutable after {@link #parse}. */
final class BenchConfig {
  /** What {@code --quick} runs (what {@code ./cairn bench} runs). */
  static final List<String> QUICK_BENCHMARKS =
      List.of("fillseq", "fillrandom", "readrandom", "readseq", "seekrandom");

  static final long QUICK_NUM = 200_000;

  /** Values of {@code --compression}. */
  static final List<String> COMPRESSIONS = List.of("none", "lz4", "zstd", "snappy");

  /** What runs without {@code --benchmarks}. */
  static final List<String> DEFAULT_BENCHMARKS =
      List.of(
          "fillseq",
          "fillbatch",
          "fillrandom",
          "overwrite",
          "readrandom",
          "readmissing",
          "readseq",
          "readreverse",
          "seekrandom",
          "readrandom_mt",
          "readwhilewriting",
          "deleterandom",
          "compact");

  static final String USAGE =
      """
      Usage: java -jar cairn-bench.jar [options]
        db_bench-style comparison of Cairn, RocksDB (JNI), LevelDB-java (iq80) and LMDB (lmdbjava).

        --quick                 N=200,000 and fillseq,fillrandom,readrandom,readseq,seekrandom
        --num N, --n N          keys in the key space (default 1,000,000)
        --reads N               operations of the read workloads (default: --num)
        --key-size B            key bytes, at least 8 (default 16)
        --value-size B          value bytes of random data (default 100)
        --compression-ratio R   values compress to about R of their size, 0 < R <= 1: each
                                100-byte piece of the value pool repeats R*100 random bytes
                                (db_bench's compression_ratio); default 1, incompressible
        --threads T             threads of readrandom_mt; readwhilewriting runs max(1, T-1)
                                readers plus one writer (default: available processors)
        --batch-size B          entries per write batch of fillbatch (default 1000)
        --engines LIST          comma-separated: cairn,rocksdb,leveldb,lmdb (default all; lmdb is
                                skipped with a message when its native library cannot load)
        --benchmarks LIST       comma-separated, run in order on each engine's database:
                                fillseq, fillbatch, fillrandom, overwrite, readrandom,
                                readmissing, readseq, readreverse, seekrandom, readrandom_mt,
                                readwhilewriting, deleterandom, compact
                                (fill* start a fresh database, as in db_bench)
        --compression C         none|lz4|zstd|snappy block compression (default none)
        --compaction-threads N  compaction threads of Cairn and RocksDB: both run N+1 background
                                jobs (one for flushes), default 1
        --style S               leveled|tiered compaction of Cairn (default leveled)
        --cache-bytes B         block cache size (default 64MiB; suffixes k, m, g = KiB, MiB, GiB)
        --memtable-bytes B      write buffer size (default 64MiB)
        --isolate               run each engine in its own child JVM (same flags), so that the
                                peak RSS column is that engine's alone; results are merged
        --dir DIR               parent of the database directories (default: a temp dir);
                                a fresh subdirectory is created and deleted at the end
        --keep                  keep the database directories
        --json FILE             also write the results as JSON
        --markdown FILE         also write the report (with engine statistics) as Markdown
        --no-charts             no PNG charts (by default they are written beside --json or
                                --markdown: NAME-throughput.png, NAME-latency-WORKLOAD.png)
        --seed S                random seed (default 301)
        --quiet                 no progress on stderr
        --help                  this text
      """;

  final long num;
  final long reads;
  final int keySize;
  final int valueSize;
  final double compressionRatio;
  final int threads;
  final int batchSize;
  final List<String> engines;

  /** Whether {@code --engines} named the engines (else an engine that cannot load is skipped). */
  final boolean enginesExplicit;

  final List<String> benchmarks;
  final String compression;
  final int compactionThreads;
  final CompactionStyle style;
  final long cacheBytes;
  final long memtableBytes;
  final Path dir;
  final boolean keep;
  final Path json;
  final Path markdown;
  final boolean charts;
  final boolean isolate;
  final long seed;
  final boolean quick;
  final boolean quiet;
  final boolean help;
  final List<String> args;

  private BenchConfig(Parser p, List<String> args) {
    this.quick = p.quick;
    this.num = p.num >= 0 ? p.num : (p.quick ? QUICK_NUM : 1_000_000);
    this.reads = p.reads >= 0 ? p.reads : this.num;
    this.keySize = p.keySize;
    this.valueSize = p.valueSize;
    this.compressionRatio = p.compressionRatio;
    this.threads = p.threads;
    this.batchSize = p.batchSize;
    this.engines = List.copyOf(p.engines);
    this.enginesExplicit = p.enginesExplicit;
    this.benchmarks =
        p.benchmarks != null
            ? List.copyOf(p.benchmarks)
            : (p.quick ? QUICK_BENCHMARKS : DEFAULT_BENCHMARKS);
    this.compression = p.compression;
    this.compactionThreads = p.compactionThreads;
    this.style = p.style;
    this.cacheBytes = p.cacheBytes;
    this.memtableBytes = p.memtableBytes;
    this.dir = p.dir;
    this.keep = p.keep;
    this.json = p.json;
    this.markdown = p.markdown;
    this.charts = p.charts;
    this.isolate = p.isolate;
    this.seed = p.seed;
    this.quiet = p.quiet;
    this.help = p.help;
    this.args = List.copyOf(args);
  }

  /** Cairn's codec for {@link #compression}. */
  Compression cairnCompression() {
    return Compression.valueOf(compression.toUpperCase(Locale.ROOT));
  }

  /** Background jobs of Cairn and RocksDB: one for flushes plus the compaction threads. */
  int backgroundJobs() {
    return compactionThreads + 1;
  }

  /** Parses the command line; {@link IllegalArgumentException} with a message on a bad flag. */
  static BenchConfig parse(String... args) {
    Parser p = new Parser();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        value = a.substring(eq + 1);
        a = a.substring(0, eq);
      }
      switch (a) {
        case "--quick" -> p.quick = true;
        case "--keep" -> p.keep = true;
        case "--isolate" -> p.isolate = true;
        case "--no-charts" -> p.charts = false;
        case "--quiet" -> p.quiet = true;
        case "--help", "-h" -> p.help = true;
        default -> {
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException("missing value after " + a);
            }
            value = args[++i];
          }
          p.set(a, value);
        }
      }
    }
    return new BenchConfig(p, List.of(args));
  }

  private static final class Parser {
    long num = -1;
    long reads = -1;
    int keySize = 16;
    int valueSize = 100;
    double compressionRatio = 1.0;
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    int batchSize = 1000;
    List<String> engines = Engine.NAMES;
    boolean enginesExplicit;
    List<String> benchmarks;
    String compression = "none";
    int compactionThreads = 1;
    CompactionStyle style = CompactionStyle.LEVELED;
    boolean charts = true;
    boolean isolate;
    long cacheBytes = 64L << 20;
    long memtableBytes = 64L << 20;
    Path dir;
    boolean keep;
    Path json;
    Path markdown;
    long seed = 301;
    boolean quick;
    boolean quiet;
    boolean help;

    void set(String flag, String v) {
      switch (flag) {
        case "--num", "--n" -> num = count(flag, v, 1, Integer.MAX_VALUE);
        case "--reads" -> reads = count(flag, v, 0, Long.MAX_VALUE);
        case "--key-size" -> keySize = (int) count(flag, v, 8, 1 << 16);
        case "--value-size" -> valueSize = (int) count(flag, v, 0, 64 << 20);
        case "--compression-ratio" -> compressionRatio = fraction(flag, v);
        case "--threads" -> threads = (int) count(flag, v, 1, 1024);
        case "--batch-size" -> batchSize = (int) count(flag, v, 1, 1_000_000);
        case "--engines" -> {
          engines = list(flag, v, Engine.NAMES);
          enginesExplicit = true;
        }
        case "--benchmarks" -> benchmarks = list(flag, v, Workload.names());
        case "--compression" -> {
          compression = v.toLowerCase(Locale.ROOT);
          if (!COMPRESSIONS.contains(compression)) {
            throw new IllegalArgumentException(
                "--compression must be one of " + String.join("|", COMPRESSIONS) + ": " + v);
          }
        }
        case "--compaction-threads" -> compactionThreads = (int) count(flag, v, 1, 64);
        case "--style" -> {
          switch (v.toLowerCase(Locale.ROOT)) {
            case "leveled" -> style = CompactionStyle.LEVELED;
            case "tiered" -> style = CompactionStyle.TIERED;
            default ->
                throw new IllegalArgumentException("--style must be leveled or tiered: " + v);
          }
        }
        case "--cache-bytes" -> cacheBytes = size(flag, v);
        case "--memtable-bytes" -> {
          memtableBytes = size(flag, v);
          if (memtableBytes < 4096 || memtableBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                "--memtable-bytes must be in [4096, 2^31-1] (iq80 takes an int): " + v);
          }
        }
        case "--dir" -> dir = Path.of(v);
        case "--json" -> json = Path.of(v);
        case "--markdown" -> markdown = Path.of(v);
        case "--seed" -> seed = count(flag, v, Long.MIN_VALUE, Long.MAX_VALUE);
        default -> throw new IllegalArgumentException("unknown option: " + flag + " (see --help)");
      }
    }
  }

  private static double fraction(String flag, String v) {
    double r;
    try {
      r = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " needs a number: " + v, e);
    }
    if (!(r > 0 && r <= 1)) {
      throw new IllegalArgumentException(flag + " must be in (0, 1]: " + v);
    }
    return r;
  }

  private static long count(String flag, String v, long min, long max) {
    long n;
    try {
      n = Long.parseLong(v.replace("_", "").replace(",", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " needs a number: " + v, e);
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(flag + " must be in [" + min + ", " + max + "]: " + v);
    }
    return n;
  }

  /** A byte count with an optional binary suffix: 65536, 64k, 64m, 64MiB, 1g. */
  static long size(String flag, String v) {
    String s = v.trim().toLowerCase(Locale.ROOT).replace("_", "").replace(",", "");
    long mult = 1;
    for (String[] suffix :
        new String[][] {
          {"kib", "10"}, {"mib", "20"}, {"gib", "30"}, {"k", "10"}, {"m", "20"}, {"g", "30"}
        }) {
      if (s.endsWith(suffix[0])) {
        mult = 1L << Integer.parseInt(suffix[1]);
        s = s.substring(0, s.length() - suffix[0].length());
        break;
      }
    }
    long n = count(flag, s, 0, Long.MAX_VALUE / mult);
    return n * mult;
  }

  private static List<String> list(String flag, String v, List<String> known) {
    List<String> out = new ArrayList<>();
    for (String part : v.split(",", -1)) {
      String name = part.trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            flag + ": unknown name '" + name + "' (known: " + String.join(",", known) + ")");
      }
      out.add(name);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(flag + " needs at least one name");
    }
    return out;
  }
}
