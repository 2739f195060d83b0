package org.cairndb.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.Sensor.RecordingLevel;
import org.apache.kafka.streams.processor.internals.metrics.StreamsMetricsImpl;

/**
 * Publishes a Cairn database's statistics as store-level gauges of Kafka Streams (group {@code
 * stream-state-metrics}, tags {@code thread-id}, {@code task-id} and {@code <scope>-state-id}), the
 * way Kafka's RocksDB store publishes RocksDB's properties. Each gauge reads the engine's property
 * when the metric is read, so values are current and nothing runs in the background.
 *
 * <p>Thread-safety: gauges may be read from any thread; {@link #close()} is called by the store's
 * owner once. Ownership: the gauges read through {@code properties}, which must return null once
 * the database is closed; a gauge then reads 0.
 */
final class CairnStoreMetrics implements AutoCloseable {
  /** One published figure: its name, description and how to compute it from the properties. */
  private record Spec(
      String name, String description, boolean integral, ToDoubleFunction<Readings> value) {}

  /** The properties of one read of a gauge, fetched lazily. */
  private static final class Readings {
    private final Function<String, String> properties;

    Readings(Function<String, String> properties) {
      this.properties = properties;
    }

    double stat(String property, String key) {
      Double v = StatsText.parse(properties.apply(property)).get(key);
      return v == null ? 0 : v;
    }

    double number(String property) {
      String text = properties.apply(property);
      if (text == null) {
        return 0;
      }
      try {
        return Double.parseDouble(text.strip());
      } catch (NumberFormatException e) {
        return 0;
      }
    }
  }

  private static final String STATS = "cairn.stats";
  private static final String MEMORY = "cairn.memory";

  private static final List<Spec> SPECS =
      List.of(
          stat("bytes-written-total", "user.bytes.written", "Bytes of keys and values written"),
          stat(
              "wal-bytes-written-total",
              "wal.bytes.written",
              "Bytes written to the write-ahead log"),
          stat(
              "flush-bytes-written-total",
              "flush.bytes.written",
              "Bytes written by memtable flushes"),
          stat("compaction-bytes-read-total", "compaction.bytes.read", "Bytes read by compactions"),
          stat(
              "compaction-bytes-written-total",
              "compaction.bytes.written",
              "Bytes written by compactions"),
          new Spec(
              "write-amplification",
              "Bytes written to storage per byte of keys and values written",
              false,
              r -> r.stat(STATS, "write.amplification")),
          stat("block-cache-hits-total", "block.cache.hits", "Block cache hits"),
          stat("block-cache-misses-total", "block.cache.misses", "Block cache misses"),
          stat(
              "block-cache-usage-bytes", "block.cache.bytes", "Bytes of blocks in the block cache"),
          stat("block-cache-capacity-bytes", "block.cache.capacity", "Capacity of the block cache"),
          stat("live-sst-bytes", "sst.bytes.live", "Bytes of the live table files"),
          stat("flushes-total", "flush.count", "Memtable flushes"),
          stat("compactions-total", "compaction.count", "Compactions"),
          stat("stall-millis-total", "stall.millis", "Milliseconds writes waited in stalls"),
          stat("slowdown-millis-total", "slowdown.millis", "Milliseconds writes were slowed down"),
          new Spec(
              "memtable-bytes",
              "Bytes held by the active and the immutable memtables",
              true,
              r -> r.stat(MEMORY, "memtable.active") + r.stat(MEMORY, "memtable.immutable")),
          new Spec(
              "memory-bytes",
              "Bytes held in memory by memtables, cached blocks, index and filter blocks (with a shared"
                  + " MemoryBudget: by all databases sharing it)",
              true,
              r -> r.stat(MEMORY, "total")),
          new Spec(
              "pending-compaction-bytes",
              "Estimated bytes compaction must rewrite to bring the tree into shape",
              true,
              r -> r.number("cairn.pending-compaction-bytes")),
          new Spec("number-of-files", "Live table files", true, r -> r.number("cairn.num-files")));

  private final StreamsMetricsImpl metrics;
  private final List<MetricName> registered = new ArrayList<>();

  /**
   * Registers every gauge.
   *
   * @param properties reads one engine property; null once the database is closed
   */
  CairnStoreMetrics(
      StreamsMetricsImpl metrics,
      String taskName,
      String scope,
      String storeName,
      Function<String, String> properties) {
    this.metrics = metrics;
    for (Spec spec : SPECS) {
      Gauge<Number> gauge =
          (config, now) -> {
            double v = spec.value().applyAsDouble(new Readings(properties));
            return spec.integral() ? (Number) Math.round(v) : (Number) v;
          };
      registered.add(
          metrics.addStoreLevelMutableMetric(
              taskName,
              scope,
              storeName,
              spec.name(),
              spec.description(),
              RecordingLevel.INFO,
              gauge));
    }
  }

  /** The names of the published metrics, in registration order. */
  static List<String> names() {
    List<String> names = new ArrayList<>();
    for (Spec spec : SPECS) {
      names.add(spec.name());
    }
    return names;
  }

  private static Spec stat(String name, String key, String description) {
    return new Spec(name, description, true, r -> r.stat(STATS, key));
  }

  /** Removes the gauges. */
  @Override
  public void close() {
    for (MetricName name : registered) {
      metrics.removeStoreLevelMetric(name);
    }
    registered.clear();
  }
}
