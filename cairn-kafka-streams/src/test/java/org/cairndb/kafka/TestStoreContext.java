package org.cairndb.kafka;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.CommitCallback;
import org.apache.kafka.streams.processor.StateRestoreCallback;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.processor.internals.metrics.StreamsMetricsImpl;

/**
 * A {@link StateStoreContext} for driving a store directly: a real state directory and real Streams
 * metrics, and it keeps the restore and commit callbacks the store registers so a test can call
 * them. Not thread-safe; one per test.
 */
final class TestStoreContext implements StateStoreContext {
  private final Path stateDir;
  private final Map<String, Object> configs = new HashMap<>();
  private final Metrics metrics = new Metrics();
  private final StreamsMetricsImpl streamsMetrics =
      new StreamsMetricsImpl(metrics, "test-client", Time.SYSTEM);
  private RecordMetadata recordMetadata;
  StateRestoreCallback restoreCallback;
  CommitCallback commitCallback;

  TestStoreContext(Path stateDir) {
    this.stateDir = stateDir;
  }

  Map<String, Object> configs() {
    return configs;
  }

  Metrics kafkaMetrics() {
    return metrics;
  }

  /** The metadata of the record being processed, as the store sees it when it tracks positions. */
  void setRecord(String topic, int partition, long offset) {
    recordMetadata =
        new RecordMetadata() {
          @Override
          public String topic() {
            return topic;
          }

          @Override
          public int partition() {
            return partition;
          }

          @Override
          public long offset() {
            return offset;
          }
        };
  }

  @Override
  public String applicationId() {
    return "test-app";
  }

  @Override
  public TaskId taskId() {
    return new TaskId(0, 0);
  }

  @Override
  public Optional<RecordMetadata> recordMetadata() {
    return Optional.ofNullable(recordMetadata);
  }

  @Override
  public Serde<?> keySerde() {
    return null;
  }

  @Override
  public Serde<?> valueSerde() {
    return null;
  }

  @Override
  public File stateDir() {
    return stateDir.toFile();
  }

  @Override
  public StreamsMetrics metrics() {
    return streamsMetrics;
  }

  @Override
  public void register(StateStore store, StateRestoreCallback callback) {
    register(store, callback, () -> {});
  }

  @Override
  public void register(StateStore store, StateRestoreCallback callback, CommitCallback onCommit) {
    this.restoreCallback = callback;
    this.commitCallback = onCommit;
  }

  @Override
  public Map<String, Object> appConfigs() {
    return configs;
  }

  @Override
  public Map<String, Object> appConfigsWithPrefix(String prefix) {
    Map<String, Object> out = new HashMap<>();
    configs.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            out.put(k.substring(prefix.length()), v);
          }
        });
    return out;
  }
}
