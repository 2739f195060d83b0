package org.cairndb.kafka.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.cairndb.kafka.CairnStores;
import org.cairndb.kafka.example.AccountTotalsTopology;
import org.cairndb.kafka.example.AppEvent;
import org.cairndb.kafka.example.KafkaBroker;
import org.cairndb.kafka.example.Payments;
import org.cairndb.kafka.example.StoreEngine;
import org.cairndb.kafka.example.TotalsReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fail-over against a real broker: a single-node KRaft Kafka started from the Kafka artifacts in a
 * child JVM (loopback, free ports), and two instances of the example application, each in its own
 * JVM with a Cairn store, sharing the four partitions of the payments topic with exactly-once
 * processing. One instance is killed with SIGKILL while payments keep coming; the survivor must
 * take over all partitions, restore the dead instance's state from the changelog into its own Cairn
 * stores, and publish totals equal to the sums computed here (exact, as processing is exactly-once
 * and the totals are read committed).
 *
 * <p>Logs go to {@code target/kafka-it/}; on failure the tails of all of them are printed.
 */
final class BrokerFailoverTest {
  private static final Path WORK = Path.of("target", "kafka-it");
  private static final String INPUT = "payments";
  private static final String OUTPUT = "account-totals";
  private static final int PARTITIONS = 4;
  private static final int ACCOUNTS = 300;
  private static final Duration STEP = Duration.ofSeconds(60);

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void survivorRestoresTheKilledInstancesStateAndTotalsAreExact() throws Exception {
    long seed = Long.getLong("cairn.seed", System.nanoTime());
    String context = "seed=" + seed;
    Path run = WORK.resolve("run");
    deleteTree(run);
    KafkaBroker broker = null;
    List<Instance> instances = new ArrayList<>();
    try {
      broker = KafkaBroker.start(run.resolve("broker"), WORK.resolve("broker.log"), STEP);
      broker.createTopics(Map.of(INPUT, PARTITIONS, OUTPUT, PARTITIONS));
      Instance a = startInstance("instance-a", broker, run);
      instances.add(a);
      Instance b = startInstance("instance-b", broker, run);
      instances.add(b);

      Poll.until(
          "both instances running with a share of the " + PARTITIONS + " tasks",
          STEP,
          () -> {
            Set<String> all = new TreeSet<>(a.activeTasks());
            all.addAll(b.activeTasks());
            return a.runningWithTasks() && b.runningWithTasks() && all.size() == PARTITIONS;
          },
          () -> a.tail() + "\n" + b.tail());
      assertEquals(CairnStores.METRICS_SCOPE, a.storeScope(), "the store is not Cairn's");
      assertEquals(CairnStores.METRICS_SCOPE, b.storeScope(), "the store is not Cairn's");

      try (TotalsReader reader = new TotalsReader(broker.bootstrapServers(), OUTPUT)) {
        Map<String, Long> expected = new TreeMap<>();
        Payments.addInto(
            expected, Payments.produce(broker.bootstrapServers(), INPUT, 3_000, ACCOUNTS, seed));
        assertEquals(
            expected, reader.awaitTotals(expected, STEP), "totals before the kill, " + context);

        Set<String> taken = b.activeTasks();
        assertTrue(!taken.isEmpty() && a.activeTasks().size() < PARTITIONS, context);
        int linesBeforeKill = a.jvm().outputLines().size();
        // In flight at the kill: some of these are processed by the dead instance in a
        // transaction that never commits; the survivor must process them again.
        Payments.addInto(
            expected,
            Payments.produce(broker.bootstrapServers(), INPUT, 1_000, ACCOUNTS, seed + 1));
        b.jvm().kill();
        Payments.addInto(
            expected,
            Payments.produce(broker.bootstrapServers(), INPUT, 2_000, ACCOUNTS, seed + 2));

        Poll.until(
            "the survivor running with all tasks",
            STEP,
            () -> a.state().equals("RUNNING") && a.activeTasks().size() == PARTITIONS,
            a::tail);
        Poll.until(
            "the survivor restoring the killed instance's partitions " + taken,
            STEP,
            () -> restoredPartitions(a, linesBeforeKill).keySet().containsAll(partitions(taken)),
            a::tail);
        Map<Integer, Long> restored = restoredPartitions(a, linesBeforeKill);
        long restoredRecords =
            partitions(taken).stream().mapToLong(p -> restored.getOrDefault(p, 0L)).sum();
        assertTrue(
            restoredRecords > 0,
            "no changelog records restored for " + taken + " (" + restored + "), " + context);

        assertEquals(expected, reader.awaitTotals(expected, STEP), "final totals, " + context);
      }
    } catch (Throwable t) {
      System.err.println(
          "BrokerFailoverTest failed (" + context + "); logs in " + WORK.toAbsolutePath());
      for (Instance instance : instances) {
        System.err.println(instance.tail());
      }
      if (broker != null) {
        System.err.println(broker.logTail(80));
      }
      throw t;
    } finally {
      for (Instance instance : instances) {
        instance.close();
      }
      if (broker != null) {
        broker.close();
      }
    }
  }

  private static Instance startInstance(String name, KafkaBroker broker, Path run) {
    return Instance.start(
        name,
        WORK.resolve(name + ".log"),
        List.of(
            "--bootstrap-servers",
            broker.bootstrapServers(),
            "--application-id",
            "failover-it",
            "--state-dir",
            run.resolve(name).toString(),
            "--engine",
            StoreEngine.CAIRN.cliName(),
            "--input",
            INPUT,
            "--output",
            OUTPUT,
            "--guarantee",
            "exactly_once_v2",
            "--session-timeout-ms",
            "3000",
            "--transaction-timeout-ms",
            "5000"));
  }

  /**
   * Task ids ({@code 0_2}) to the input partitions they process, which are also the changelog's.
   */
  private static Set<Integer> partitions(Set<String> tasks) {
    Set<Integer> partitions = new TreeSet<>();
    for (String task : tasks) {
      partitions.add(Integer.parseInt(task.substring(task.indexOf('_') + 1)));
    }
    return partitions;
  }

  /** Changelog partitions of the totals store whose restoration ended after line {@code from}. */
  private static Map<Integer, Long> restoredPartitions(Instance instance, int from) {
    List<String> lines = instance.jvm().outputLines();
    Map<Integer, Long> restored = new TreeMap<>();
    for (AppEvent event :
        AppEvent.parseAll(lines.subList(Math.min(from, lines.size()), lines.size()))) {
      if (event.kind().equals("restore-end")
          && event.get("store").equals(AccountTotalsTopology.STORE_NAME)) {
        restored.merge((int) event.getLong("partition"), event.getLong("records"), Long::sum);
      }
    }
    return restored;
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
