package org.cairndb.kafka.example;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows the example's output topic from its beginning and keeps the latest total per account. It
 * reads committed records only, so with exactly-once processing what it sees is exact.
 *
 * <p>Not thread-safe (it owns a Kafka consumer); the owner closes it.
 */
public final class TotalsReader implements AutoCloseable {
  private final KafkaConsumer<String, Long> consumer;
  private final Map<String, Long> latest = new TreeMap<>();

  /** Starts following {@code topic}, which must exist. */
  public TotalsReader(String bootstrapServers, String topic) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new LongDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
      partitions.add(new TopicPartition(topic, info.partition()));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Reads what arrived within {@code timeout}; returns the latest totals (a copy). */
  public Map<String, Long> poll(Duration timeout) {
    for (ConsumerRecord<String, Long> record : consumer.poll(timeout)) {
      latest.put(record.key(), record.value());
    }
    return new TreeMap<>(latest);
  }

  /**
   * Reads until the latest totals equal {@code expected} or {@code timeout} passes.
   *
   * @return the latest totals at that point (equal to {@code expected} unless time ran out)
   */
  public Map<String, Long> awaitTotals(Map<String, Long> expected, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Long> seen = poll(Duration.ZERO);
    while (!Objects.equals(seen, expected) && System.nanoTime() < deadline) {
      seen = poll(Duration.ofMillis(200));
    }
    return seen;
  }

  @Override
  public void close() {
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
  }
}
