package org.cairndb.kafka.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.cairndb.kafka.example.AccountTotalsApp;
import org.cairndb.kafka.example.AppEvent;
import org.cairndb.kafka.example.ChildJvm;
import org.cairndb.kafka.example.KafkaBroker;
import org.cairndb.kafka.example.Payments;
import org.cairndb.kafka.example.StoreEngine;
import org.cairndb.kafka.example.TotalsReader;

/**
 * The Kafka Streams store benchmark: the example application's topology (payments summed per
 * account, see {@code AccountTotalsTopology}) with a Cairn store and with Kafka's RocksDB store,
 * side by side, against a single-node broker it starts itself.
 *
 * <p>Per engine: the same payments are produced to a fresh topic; one instance (a child JVM) reads
 * them all with the record cache off, so every payment is one store update and one changelog
 * record, and reports the aggregate's throughput; the published totals are checked. Then the
 * instance's state directory is wiped and a new instance restores the store from the changelog,
 * timed from the first partition's restore start to the last one's end. The peak resident set size
 * ({@code VmHWM}) of each instance's JVM is read while it runs. The result is a Markdown table of
 * absolute figures and Cairn-to-RocksDB ratios, with the command that produced it.
 *
 * <p>{@code java -cp cairn-kafka-streams/target/cairn-kafka-streams.jar
 * org.cairndb.kafka.bench.StoreBench [--records N] [--accounts N] [--partitions N] [--heap SIZE]
 * [--rounds N] [--engines cairn,rocksdb]}
 */
public final class StoreBench {
  private static final Duration STEP = Duration.ofMinutes(10);

  private final PrintStream out;
  private final long records;
  private final int accounts;
  private final int partitions;
  private final String heap;
  private final int rounds;
  private final List<StoreEngine> engines;
  private final Path work;

  private StoreBench(
      PrintStream out,
      long records,
      int accounts,
      int partitions,
      String heap,
      int rounds,
      List<StoreEngine> engines,
      Path work) {
    this.out = out;
    this.records = records;
    this.accounts = accounts;
    this.partitions = partitions;
    this.heap = heap;
    this.rounds = rounds;
    this.engines = engines;
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    AccountTotalsApp.quietLogs();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    long records = 200_000;
    int accounts = 50_000;
    int partitions = 4;
    String heap = "512m";
    int rounds = 2;
    List<StoreEngine> engines = List.of(StoreEngine.CAIRN, StoreEngine.ROCKSDB);
    if (args.length % 2 != 0) {
      out.println(
          "usage: StoreBench [--records N] [--accounts N] [--partitions N] [--heap SIZE]"
              + " [--rounds N] [--engines cairn,rocksdb]");
      System.exit(2);
    }
    for (int i = 0; i < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--records" -> records = Long.parseLong(value);
        case "--accounts" -> accounts = Integer.parseInt(value);
        case "--partitions" -> partitions = Integer.parseInt(value);
        case "--heap" -> heap = value;
        case "--rounds" -> rounds = Integer.parseInt(value);
        case "--engines" -> {
          List<StoreEngine> chosen = new ArrayList<>();
          for (String name : value.split(",", -1)) {
            chosen.add(StoreEngine.parse(name));
          }
          engines = List.copyOf(chosen);
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path work = Files.createTempDirectory("cairn-kafka-bench");
    new StoreBench(out, records, accounts, partitions, heap, rounds, engines, work).run(args);
    // Only after success: after a failure the logs in it are what explains it.
    deleteTree(work);
  }

  private void run(String[] args) throws Exception {
    out.printf(
        "Kafka Streams store benchmark: %,d payments to %,d accounts, %d partitions,"
            + " instance heap -Xmx%s, %d cores, best of %d rounds (peak RSS: highest)%n",
        records, accounts, partitions, heap, Runtime.getRuntime().availableProcessors(), rounds);
    List<EngineResult> results = new ArrayList<>();
    try (KafkaBroker broker =
        KafkaBroker.start(
            work.resolve("broker"), work.resolve("broker.log"), Duration.ofMinutes(3))) {
      try {
        // Rounds alternate the engines so that neither always runs on a colder broker and JIT.
        Map<StoreEngine, List<EngineResult>> byEngine = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
          for (StoreEngine engine : engines) {
            byEngine
                .computeIfAbsent(engine, e -> new ArrayList<>())
                .add(measure(broker, engine, round));
          }
        }
        byEngine.values().forEach(list -> results.add(EngineResult.best(list)));
      } catch (Exception | Error e) {
        out.println(broker.logTail(80));
        out.println("logs kept in " + work);
        throw e;
      }
    }
    out.println();
    out.print(ResultTable.markdown(results));
    out.println();
    out.println(
        "Command: java -cp cairn-kafka-streams/target/cairn-kafka-streams.jar "
            + StoreBench.class.getName()
            + (args.length == 0 ? "" : " " + String.join(" ", args)));
  }

  private EngineResult measure(KafkaBroker broker, StoreEngine engine, int round) throws Exception {
    String name = engine.cliName();
    String run = "bench-" + name + "-" + round;
    String input = run + "-payments";
    String output = run + "-totals";
    broker.createTopics(Map.of(input, partitions, output, partitions));
    out.printf("%s round %d: producing %,d payments ...%n", name, round, records);
    Map<String, Long> expected =
        Payments.produce(broker.bootstrapServers(), input, records, accounts, 7);
    Path stateDir = work.resolve("state-" + run);
    List<String> appArgs =
        List.of(
            "--bootstrap-servers",
            broker.bootstrapServers(),
            "--application-id",
            run,
            "--state-dir",
            stateDir.toString(),
            "--engine",
            name,
            "--input",
            input,
            "--output",
            output,
            "--guarantee",
            "at_least_once",
            "--cache-bytes",
            "0",
            "--report-after",
            Long.toString(records),
            "--stop-on-stdin-eof");

    out.printf("%s: aggregating ...%n", name);
    long processMs;
    long processRss;
    try (ChildJvm instance = startInstance(run + "-process", appArgs)) {
      AppEvent processed = awaitEvent(instance, e -> e.kind().equals("processed"));
      processMs = processed.getLong("ms");
      processRss = instance.peakRssKib();
      try (TotalsReader reader = new TotalsReader(broker.bootstrapServers(), output)) {
        Map<String, Long> seen = reader.awaitTotals(expected, STEP);
        if (!seen.equals(expected)) {
          throw new IllegalStateException(
              name + ": the published totals are wrong: " + difference(expected, seen));
        }
      }
      instance.stop(Duration.ofSeconds(30));
    }

    deleteTree(stateDir);
    out.printf("%s: state directory wiped; restoring from the changelog ...%n", name);
    long restoreMs;
    long restored;
    long restoreRss;
    try (ChildJvm instance = startInstance(run + "-restore", appArgs)) {
      AppEvent summary =
          awaitEvent(instance, e -> e.kind().equals("restored") && e.getLong("records") > 0);
      restoreMs = summary.getLong("ms");
      restored = summary.getLong("records");
      restoreRss = instance.peakRssKib();
      instance.stop(Duration.ofSeconds(30));
    }
    EngineResult result =
        new EngineResult(
            name, records, expected.size(), processMs, processRss, restored, restoreMs, restoreRss);
    out.printf(
        "%s: %,.0f records/s; restored %,d records in %,d ms; peak RSS %,d / %,d KiB%n",
        name, result.recordsPerSecond(), restored, restoreMs, processRss, restoreRss);
    return result;
  }

  /** A short description of how {@code seen} differs from {@code expected}. */
  static String difference(Map<String, Long> expected, Map<String, Long> seen) {
    int missing = 0;
    int wrong = 0;
    String example = "";
    for (Map.Entry<String, Long> e : expected.entrySet()) {
      Long got = seen.get(e.getKey());
      if (got == null) {
        missing++;
      } else if (!got.equals(e.getValue())) {
        wrong++;
        if (example.isEmpty()) {
          example = "; e.g. " + e.getKey() + " expected " + e.getValue() + ", seen " + got;
        }
      }
    }
    long expectedSum = expected.values().stream().mapToLong(Long::longValue).sum();
    long seenSum = seen.values().stream().mapToLong(Long::longValue).sum();
    return String.format(
        "%d of %d accounts missing, %d wrong, sum expected %d, seen %d%s",
        missing, expected.size(), wrong, expectedSum, seenSum, example);
  }

  private ChildJvm startInstance(String name, List<String> appArgs) {
    return ChildJvm.start(
        name,
        List.of("-Xmx" + heap, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
        AccountTotalsApp.class.getName(),
        appArgs,
        work.resolve(name + ".log"));
  }

  private static AppEvent awaitEvent(ChildJvm instance, Predicate<AppEvent> wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + STEP.toNanos();
    while (true) {
      Optional<AppEvent> event =
          AppEvent.parseAll(instance.outputLines()).stream().filter(wanted).findFirst();
      if (event.isPresent()) {
        return event.get();
      }
      if (!instance.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            instance.name() + " did not report in time\n" + instance.tail(60));
      }
      Thread.sleep(100);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
