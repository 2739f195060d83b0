package org.cairndb.cli;

import java.util.Set;

/**
 * {@code cairn bench}: the benchmark lives in its own module (it needs RocksDB and LevelDB-java);
 * this tells how to run it.
 */
final class BenchCommand extends Command {
  private static final String TEXT =
      """
      The benchmark is the cairn-bench module (Cairn beside RocksDB and LevelDB-java in one
      JVM). Run it from the repository root with the launcher, which builds it on first use:
        ./cairn bench            a quick comparison, about a minute
        ./cairn bench --help     its options: full runs, sizes, engines, JSON/Markdown output
      or directly: java -jar cairn-bench/target/cairn-bench.jar --help
      Results and settings are in docs/benchmarks.md.
      """;

  BenchCommand() {
    super(
        "bench",
        "bench                         how to run the benchmark (./cairn bench)",
        "usage: cairn bench [options]\n" + TEXT,
        Set.of(),
        Set.of());
  }

  @Override
  int run(Args a, Io io) {
    io.out().print(TEXT);
    return ExitCode.OK;
  }
}
