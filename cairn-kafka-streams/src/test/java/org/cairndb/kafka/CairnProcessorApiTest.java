package org.cairndb.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.RecordBatchingStateRestoreCallback;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stores built with {@code Stores.keyValueStoreBuilder} in a Processor API topology: queries
 * through the driver, IQv2 through the outer store, config setters, metrics, and restore from the
 * changelog the driver captured.
 */
class CairnProcessorApiTest {
  @TempDir Path stateDir;

  /** Writes each record to every named store; a null value deletes. */
  private static final class Writer implements Processor<String, String, Void, Void> {
    private final String[] storeNames;
    private final List<KeyValueStore<String, String>> stores = new ArrayList<>();

    Writer(String... storeNames) {
      this.storeNames = storeNames;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      for (String name : storeNames) {
        stores.add(context.getStateStore(name));
      }
    }

    @Override
    public void process(Record<String, String> record) {
      for (KeyValueStore<String, String> store : stores) {
        store.put(record.key(), record.value());
      }
    }
  }

  private static Topology topology(String... storeNames) {
    Topology topology = new Topology();
    topology.addSource("source", new StringDeserializer(), new StringDeserializer(), "input");
    topology.addProcessor("writer", () -> new Writer(storeNames), "source");
    for (String name : storeNames) {
      topology.addStateStore(
          Stores.keyValueStoreBuilder(
              CairnStores.persistentKeyValueStore(name), Serdes.String(), Serdes.String()),
          "writer");
    }
    return topology;
  }

  private Properties props(String app) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return p;
  }

  private static TestInputTopic<String, String> input(TopologyTestDriver driver) {
    return driver.createInputTopic("input", new StringSerializer(), new StringSerializer());
  }

  static CairnKeyValueStore unwrap(StateStore store) {
    StateStore s = store;
    while (!(s instanceof CairnKeyValueStore)) {
      WrappedStateStore<?, ?, ?> layer = assertInstanceOf(WrappedStateStore.class, s);
      s = layer.wrapped();
    }
    return (CairnKeyValueStore) s;
  }

  private static List<String> keys(KeyValueIterator<String, String> it) {
    List<String> out = new ArrayList<>();
    try (it) {
      it.forEachRemaining(kv -> out.add(kv.key));
    }
    return out;
  }

  @Test
  void rangeReverseRangeAndPrefixQueriesThroughTheDriver() {
    try (TopologyTestDriver driver = new TopologyTestDriver(topology("kv"), props("papi"))) {
      TestInputTopic<String, String> in = input(driver);
      for (String k : List.of("user:3", "user:1", "users", "user:2", "other", "user:9", "a")) {
        in.pipeInput(k, "v-" + k);
      }
      in.pipeInput("user:9", (String) null);
      KeyValueStore<String, String> store = driver.getKeyValueStore("kv");
      assertEquals("v-user:1", store.get("user:1"));
      assertNull(store.get("user:9"));
      assertEquals(
          List.of("user:1", "user:2", "user:3"),
          keys(store.prefixScan("user:", new StringSerializer())));
      assertEquals(List.of("user:2", "user:3", "users"), keys(store.range("user:2", "users")));
      assertEquals(
          List.of("users", "user:3", "user:2"), keys(store.reverseRange("user:2", "users")));
      assertEquals(List.of("a", "other"), keys(store.range(null, "p")));
      assertEquals(List.of("users", "user:3"), keys(store.reverseRange("user:3", null)));
      assertEquals(List.of(), keys(store.range("z", "a")));
      assertEquals(6, keys(store.all()).size());
      assertEquals(6, store.approximateNumEntries());
    }
  }

  @Test
  void interactiveQueriesThroughTheOuterStoreTrackThePosition() {
    try (TopologyTestDriver driver = new TopologyTestDriver(topology("kv"), props("iq"))) {
      TestInputTopic<String, String> in = input(driver);
      in.pipeInput("a", "1");
      in.pipeInput("b", "2");
      in.pipeInput("c", "3");
      StateStore outer = driver.getAllStateStores().get("kv");
      QueryResult<String> one =
          outer.query(
              KeyQuery.<String, String>withKey("b"),
              PositionBound.unbounded(),
              new QueryConfig(false));
      assertTrue(one.isSuccess(), () -> one.getFailureMessage());
      assertEquals("2", one.getResult());
      assertEquals(Map.of(0, 2L), one.getPosition().getPartitionPositions("input"));
      QueryResult<KeyValueIterator<String, String>> range =
          outer.query(
              RangeQuery.<String, String>withRange("b", null).withDescendingKeys(),
              PositionBound.unbounded(),
              new QueryConfig(false));
      assertTrue(range.isSuccess(), () -> range.getFailureMessage());
      assertEquals(List.of("c", "b"), keys(range.getResult()));
      assertEquals(Map.of(0, 2L), unwrap(outer).getPosition().getPartitionPositions("input"));
    }
  }

  @Test
  void configSetterIsAppliedAndClosedAndMetricsArePublished() {
    int configured = TestSetters.TinyMemtable.CONFIGURED.get();
    int closed = TestSetters.TinyMemtable.CLOSED.get();
    Properties props = props("metrics");
    props.put(CairnStores.CONFIG_SETTER_CLASS_CONFIG, TestSetters.TinyMemtable.class.getName());
    TopologyTestDriver driver = new TopologyTestDriver(topology("kv"), props);
    try {
      assertEquals(configured + 1, TestSetters.TinyMemtable.CONFIGURED.get());
      CairnKeyValueStore store = unwrap(driver.getAllStateStores().get("kv"));
      Map<String, Double> memory = StatsText.parse(store.propertyIfOpen("cairn.memory"));
      assertEquals((double) TestSetters.TinyMemtable.MEMTABLE_BYTES, memory.get("memtable.limit"));
      TestInputTopic<String, String> in = input(driver);
      String value = "x".repeat(1000);
      for (int i = 0; i < 250; i++) {
        in.pipeInput(String.format("key-%05d", i), value);
      }
      assertEquals(value, driver.<String, String>getKeyValueStore("kv").get("key-00042"));

      Map<String, Metric> metrics = new HashMap<>();
      for (Map.Entry<MetricName, ? extends Metric> e : driver.metrics().entrySet()) {
        MetricName name = e.getKey();
        if ("stream-state-metrics".equals(name.group())
            && "kv".equals(name.tags().get("cairn-state-id"))) {
          metrics.put(name.name(), e.getValue());
        }
      }
      Set<String> missing = new TreeSet<>(CairnStoreMetrics.names());
      missing.removeAll(metrics.keySet());
      assertTrue(missing.isEmpty(), "missing metrics " + missing + " among " + metrics.keySet());
      assertTrue(number(metrics, "bytes-written-total") >= 250.0 * 1000, "bytes written");
      assertTrue(number(metrics, "number-of-files") >= 1, "tables cut from a 64 KiB memtable");
      assertTrue(number(metrics, "flushes-total") >= 1, "flushes");
      assertTrue(number(metrics, "write-amplification") > 1.0, "log and flush both write");
      assertTrue(number(metrics, "memtable-bytes") > 0, "memtable bytes");
      assertTrue(number(metrics, "memtable-bytes") < 4 * TestSetters.TinyMemtable.MEMTABLE_BYTES);
      assertTrue(number(metrics, "live-sst-bytes") > 0, "live tables");
      assertTrue(number(metrics, "block-cache-capacity-bytes") > 0, "cache capacity");
      for (String name :
          List.of(
              "block-cache-hits-total",
              "block-cache-misses-total",
              "pending-compaction-bytes",
              "stall-millis-total",
              "memory-bytes")) {
        assertTrue(number(metrics, name) >= 0, name);
      }
    } finally {
      driver.close();
    }
    assertEquals(closed + 1, TestSetters.TinyMemtable.CLOSED.get());
  }

  private static double number(Map<String, Metric> metrics, String name) {
    Object value = metrics.get(name).metricValue();
    return assertInstanceOf(Number.class, value).doubleValue();
  }

  @Test
  void aStaticMemoryBudgetIsSharedByEveryStore() {
    Properties props = props("budget");
    props.put(CairnStores.CONFIG_SETTER_CLASS_CONFIG, TestSetters.SharedBudget.class);
    try (TopologyTestDriver driver = new TopologyTestDriver(topology("kv1", "kv2"), props)) {
      TestInputTopic<String, String> in = input(driver);
      for (int i = 0; i < 50; i++) {
        in.pipeInput("key-" + i, "value-" + i);
      }
      long capacity = TestSetters.SharedBudget.BUDGET.capacityBytes();
      List<Map<String, Double>> memories = new ArrayList<>();
      for (String name : List.of("kv1", "kv2")) {
        CairnKeyValueStore store = unwrap(driver.getAllStateStores().get(name));
        Map<String, Double> memory = StatsText.parse(store.propertyIfOpen("cairn.memory"));
        assertEquals((double) capacity, memory.get("memory.budget"), name);
        assertTrue(memory.get("memtable.active") > 0, name);
        memories.add(memory);
      }
      double shared = TestSetters.SharedBudget.BUDGET.memtableBytes();
      assertTrue(shared > 0, "memtables are charged to the shared budget");
      assertEquals(shared, memories.get(0).get("shared.memtables"));
      assertEquals(shared, memories.get(1).get("shared.memtables"));
    }
  }

  @Test
  void aSetterThatIsNotOneFailsTheStart() {
    for (Object setter :
        List.of(
            TestSetters.NotASetter.class, "org.cairndb.kafka.NoSuchSetter", Integer.valueOf(3))) {
      Properties props = props("bad");
      props.put(CairnStores.CONFIG_SETTER_CLASS_CONFIG, setter);
      Throwable thrown =
          assertThrows(
              RuntimeException.class, () -> new TopologyTestDriver(topology("kv"), props).close());
      Throwable cause = thrown;
      while (cause != null && !(cause instanceof ConfigException)) {
        cause = cause.getCause();
      }
      assertNotNull(cause, "a ConfigException for " + setter + ", got " + thrown);
    }
  }

  @Test
  void restoringTheCapturedChangelogIntoAWipedStoreRebuildsIt() {
    long seed = Long.getLong("cairn.seed", System.nanoTime());
    Random random = new Random(seed);
    TreeMap<String, String> contents = new TreeMap<>();
    List<ConsumerRecord<byte[], byte[]>> changelog = new ArrayList<>();
    try (TopologyTestDriver driver = new TopologyTestDriver(topology("kv"), props("restore"))) {
      TestInputTopic<String, String> in = input(driver);
      for (int i = 0; i < 200; i++) {
        String key = "k" + random.nextInt(60);
        in.pipeInput(key, random.nextInt(4) == 0 ? null : "v" + i);
      }
      try (KeyValueIterator<String, String> it =
          driver.<String, String>getKeyValueStore("kv").all()) {
        it.forEachRemaining(kv -> contents.put(kv.key, kv.value));
      }
      String topic = "restore-kv-changelog";
      assertTrue(driver.producedTopicNames().contains(topic), "" + driver.producedTopicNames());
      long offset = 0;
      for (TestRecord<byte[], byte[]> r :
          driver
              .createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
              .readRecordsToList()) {
        changelog.add(new ConsumerRecord<>(topic, 0, offset++, r.key(), r.value()));
      }
    }
    // The driver wiped its state directory on close; rebuild the store in a fresh one.
    TestStoreContext context = new TestStoreContext(stateDir.resolve("rebuilt"));
    CairnKeyValueStore store = new CairnKeyValueStore("kv", "cairn");
    store.init(context, store);
    try {
      RecordBatchingStateRestoreCallback callback =
          (RecordBatchingStateRestoreCallback) context.restoreCallback;
      for (int from = 0; from < changelog.size(); from += 64) {
        callback.restoreBatch(changelog.subList(from, Math.min(changelog.size(), from + 64)));
      }
      TreeMap<String, String> restored = new TreeMap<>();
      try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
        it.forEachRemaining(
            kv -> restored.put(new String(kv.key.get(), UTF_8), new String(kv.value, UTF_8)));
      }
      assertEquals(contents, restored, "seed " + seed);
      assertTrue(contents.size() > 10, "seed " + seed);
    } finally {
      store.close();
    }
  }
}
