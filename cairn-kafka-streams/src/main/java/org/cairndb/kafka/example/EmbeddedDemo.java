package org.cairndb.kafka.example;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code java -jar cairn-kafka-streams.jar demo [--engine cairn|rocksdb] [--payments N] [--accounts
 * N]}: a one-command demonstration that needs no Kafka installation. It starts a single-node KRaft
 * broker in a child JVM (loopback only, data in a temporary directory), runs the example
 * application in this JVM with the chosen store, produces payments, waits until the published
 * totals equal the totals computed while producing, prints a few, and cleans up.
 */
final class EmbeddedDemo {
  private EmbeddedDemo() {}

  static void run(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    StoreEngine engine = StoreEngine.CAIRN;
    long payments = 100_000;
    int accounts = 1_000;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--engine" -> engine = StoreEngine.parse(args[i + 1]);
        case "--payments" -> payments = Long.parseLong(args[i + 1]);
        case "--accounts" -> accounts = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (args.length % 2 != 0) {
      out.println("usage: demo [--engine cairn|rocksdb] [--payments N] [--accounts N]");
      return;
    }
    Path dir = Files.createTempDirectory("cairn-kafka-demo");
    try {
      run(out, dir, engine, payments, accounts);
    } finally {
      deleteTree(dir);
    }
  }

  private static void run(
      PrintStream out, Path dir, StoreEngine engine, long payments, int accounts) throws Exception {
    out.println("demo: starting a single-node Kafka broker (KRaft) on 127.0.0.1 ...");
    try (KafkaBroker broker =
        KafkaBroker.start(
            dir.resolve("broker"), dir.resolve("broker.log"), Duration.ofMinutes(2))) {
      broker.createTopics(Map.of("payments", 4, "account-totals", 4));
      AppOptions options =
          AppOptions.parse(
              List.of(
                  "--bootstrap-servers", broker.bootstrapServers(),
                  "--state-dir", dir.resolve("state").toString(),
                  "--engine", engine.cliName()));
      LongAdder processed = new LongAdder();
      try (KafkaStreams streams =
              new KafkaStreams(
                  AccountTotalsTopology.build(
                      options.inputTopic(),
                      options.outputTopic(),
                      engine.supplier(AccountTotalsTopology.STORE_NAME),
                      processed),
                  AccountTotalsApp.streamsConfig(options));
          TotalsReader reader =
              new TotalsReader(broker.bootstrapServers(), options.outputTopic())) {
        streams.start();
        out.printf(
            "demo: broker at %s; producing %,d payments to %,d accounts; store engine %s%n",
            broker.bootstrapServers(), payments, accounts, engine.cliName());
        long start = System.nanoTime();
        Map<String, Long> expected =
            Payments.produce(
                broker.bootstrapServers(), options.inputTopic(), payments, accounts, 42);
        Map<String, Long> seen = reader.awaitTotals(expected, Duration.ofMinutes(5));
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (!seen.equals(expected)) {
          out.printf("demo: FAILED: %d of %d totals published%n", seen.size(), expected.size());
          return;
        }
        out.printf(
            "demo: all %,d account totals published and correct after %,d ms (%,d payments read)%n",
            expected.size(), ms, processed.sum());
        expected.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .limit(5)
            .forEach(e -> out.printf("demo:   %s  %,d%n", e.getKey(), e.getValue()));
        streams.close(Duration.ofSeconds(30));
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
