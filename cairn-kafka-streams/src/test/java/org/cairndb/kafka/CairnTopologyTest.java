package org.cairndb.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DSL topologies whose state lives in Cairn, run by Kafka's {@link TopologyTestDriver}. */
class CairnTopologyTest {
  @TempDir Path stateDir;

  private Properties props(String app) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return p;
  }

  private static StreamsBuilder wordCount() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("lines", Consumed.with(Serdes.String(), Serdes.String()))
        .flatMapValues(line -> Arrays.asList(line.toLowerCase(Locale.ROOT).split("\\W+")))
        .filter((key, word) -> !word.isEmpty())
        .groupBy((key, word) -> word, Grouped.with(Serdes.String(), Serdes.String()))
        .count(
            Materialized.<String, Long>as(CairnStores.persistentKeyValueStore("counts"))
                .withKeySerde(Serdes.String())
                .withValueSerde(Serdes.Long()))
        .toStream()
        .to("word-counts", Produced.with(Serdes.String(), Serdes.Long()));
    return builder;
  }

  private static List<String> keysOf(KeyValueIterator<String, Long> it) {
    List<String> out = new ArrayList<>();
    try (it) {
      it.forEachRemaining(kv -> out.add(kv.key));
    }
    return out;
  }

  @Test
  void wordCountMatchesAModelAndAnswersRangeQueries() {
    long seed = Long.getLong("cairn.seed", System.nanoTime());
    Random random = new Random(seed);
    String[] vocabulary = {"apple", "banana", "cherry", "date", "elder", "fig", "grape", "apricot"};
    Map<String, Long> expected = new TreeMap<>();
    try (TopologyTestDriver driver = new TopologyTestDriver(wordCount().build(), props("wc"))) {
      TestInputTopic<String, String> lines =
          driver.createInputTopic("lines", new StringSerializer(), new StringSerializer());
      TestOutputTopic<String, Long> out =
          driver.createOutputTopic(
              "word-counts", new StringDeserializer(), Serdes.Long().deserializer());
      for (int i = 0; i < 100; i++) {
        StringBuilder line = new StringBuilder();
        for (int w = random.nextInt(4); w >= 0; w--) {
          String word = vocabulary[random.nextInt(vocabulary.length)];
          line.append(random.nextBoolean() ? word.toUpperCase(Locale.ROOT) : word).append(", ");
          expected.merge(word, 1L, Long::sum);
        }
        lines.pipeInput("line-" + i, line.toString());
      }
      assertEquals(expected, new TreeMap<>(out.readKeyValuesToMap()), "seed " + seed);
      KeyValueStore<String, Long> store = driver.getKeyValueStore("counts");
      for (Map.Entry<String, Long> e : expected.entrySet()) {
        assertEquals(e.getValue(), store.get(e.getKey()), "seed " + seed);
      }
      assertNull(store.get("zebra"));
      List<String> all = new ArrayList<>(expected.keySet());
      assertEquals(all, keysOf(store.all()), "seed " + seed);
      List<String> reversed = new ArrayList<>(all);
      java.util.Collections.reverse(reversed);
      assertEquals(reversed, keysOf(store.reverseAll()), "seed " + seed);
      List<String> bToE =
          new ArrayList<>(((TreeMap<String, Long>) expected).subMap("b", "e").keySet());
      assertEquals(bToE, keysOf(store.range("b", "e")), "seed " + seed);
      java.util.Collections.reverse(bToE);
      assertEquals(bToE, keysOf(store.reverseRange("b", "e")), "seed " + seed);
      assertEquals(expected.size(), store.approximateNumEntries(), "seed " + seed);
    }
  }

  @Test
  void aggregationSumsPerKey() {
    long seed = Long.getLong("cairn.seed", System.nanoTime());
    Random random = new Random(seed);
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("payments", Consumed.with(Serdes.String(), Serdes.Long()))
        .groupByKey()
        .aggregate(
            () -> 0L,
            (user, amount, total) -> total + amount,
            Materialized.<String, Long>as(CairnStores.persistentKeyValueStore("totals"))
                .withKeySerde(Serdes.String())
                .withValueSerde(Serdes.Long()))
        .toStream()
        .to("totals-out", Produced.with(Serdes.String(), Serdes.Long()));
    Map<String, Long> expected = new HashMap<>();
    try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props("agg"))) {
      TestInputTopic<String, Long> in =
          driver.createInputTopic("payments", new StringSerializer(), Serdes.Long().serializer());
      for (int i = 0; i < 200; i++) {
        String user = "user-" + random.nextInt(40);
        long amount = random.nextInt(1000) - 200L;
        expected.merge(user, amount, Long::sum);
        in.pipeInput(user, amount);
      }
      TestOutputTopic<String, Long> out =
          driver.createOutputTopic(
              "totals-out", new StringDeserializer(), Serdes.Long().deserializer());
      assertEquals(expected, out.readKeyValuesToMap(), "seed " + seed);
      KeyValueStore<String, Long> store = driver.getKeyValueStore("totals");
      expected.forEach((user, total) -> assertEquals(total, store.get(user), "seed " + seed));
    }
  }

  @Test
  void streamTableJoinReadsTheTableFromCairn() {
    StreamsBuilder builder = new StreamsBuilder();
    KTable<String, String> users =
        builder.table(
            "users",
            Consumed.with(Serdes.String(), Serdes.String()),
            Materialized.<String, String>as(CairnStores.persistentKeyValueStore("users-store"))
                .withKeySerde(Serdes.String())
                .withValueSerde(Serdes.String()));
    builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()))
        .join(users, (page, name) -> name + " viewed " + page)
        .to("enriched", Produced.with(Serdes.String(), Serdes.String()));
    try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props("join"))) {
      TestInputTopic<String, String> userTopic =
          driver.createInputTopic("users", new StringSerializer(), new StringSerializer());
      TestInputTopic<String, String> clicks =
          driver.createInputTopic("clicks", new StringSerializer(), new StringSerializer());
      TestOutputTopic<String, String> enriched =
          driver.createOutputTopic("enriched", new StringDeserializer(), new StringDeserializer());
      userTopic.pipeInput("u1", "Ada");
      userTopic.pipeInput("u2", "Brian");
      clicks.pipeInput("u1", "/home");
      clicks.pipeInput("u3", "/lost");
      userTopic.pipeInput("u1", "Ada L.");
      clicks.pipeInput("u1", "/docs");
      clicks.pipeInput("u2", "/blog");
      userTopic.pipeInput("u2", (String) null);
      clicks.pipeInput("u2", "/gone");
      assertEquals(
          List.of(
              KeyValue.pair("u1", "Ada viewed /home"),
              KeyValue.pair("u1", "Ada L. viewed /docs"),
              KeyValue.pair("u2", "Brian viewed /blog")),
          enriched.readKeyValuesToList());
      KeyValueStore<String, String> store = driver.getKeyValueStore("users-store");
      assertEquals("Ada L.", store.get("u1"));
      assertNull(store.get("u2"));
    }
  }

  @Test
  void storeLivesUnderTheTaskStateDirectoryAndIsWipedWithIt() throws Exception {
    try (TopologyTestDriver driver = new TopologyTestDriver(wordCount().build(), props("wipe"))) {
      driver
          .createInputTopic("lines", new StringSerializer(), new StringSerializer())
          .pipeInput("k", "one two two");
      assertTrue(
          Files.isDirectory(
              stateDir.resolve("wipe").resolve("0_0").resolve("cairn").resolve("counts")),
          "store directory");
      assertEquals(2L, driver.<String, Long>getKeyValueStore("counts").get("two"));
    }
    // The driver wipes the state directory on close; a new driver starts from an empty store
    // (it has no changelog to restore from: CairnChangelogRestoreTest restores one directly).
    assertFalse(Files.exists(stateDir.resolve("wipe").resolve("0_0").resolve("cairn")));
    try (TopologyTestDriver driver = new TopologyTestDriver(wordCount().build(), props("wipe"))) {
      KeyValueStore<String, Long> store = driver.getKeyValueStore("counts");
      assertNull(store.get("two"));
      driver
          .createInputTopic("lines", new StringSerializer(), new StringSerializer())
          .pipeInput("k", "two");
      assertEquals(1L, store.get("two"));
    }
  }
}
