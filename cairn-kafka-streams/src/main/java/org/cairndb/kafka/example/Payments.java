package org.cairndb.kafka.example;

import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes a reproducible stream of payments to the example's input topic and says what totals they
 * add up to. Stateless apart from the producer each call opens and closes.
 */
public final class Payments {
  private Payments() {}

  /** The key of account number {@code i}. */
  public static String account(int i) {
    return String.format(Locale.ROOT, "account-%06d", i);
  }

  /**
   * Produces {@code count} payments of 1 to 1,000 each to random accounts among {@code accounts},
   * chosen by a generator seeded with {@code seed}, and waits until the broker has all of them.
   *
   * @throws KafkaException when a payment could not be written
   * @return the sum of the amounts per account key
   */
  public static Map<String, Long> produce(
      String bootstrapServers, String topic, long count, int accounts, long seed) {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.LINGER_MS_CONFIG,
            5,
            ProducerConfig.BATCH_SIZE_CONFIG,
            256 * 1024,
            // One batch in flight per partition: a retried batch can never be overtaken.
            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
            1);
    Map<String, Long> totals = new TreeMap<>();
    SplittableRandom random = new SplittableRandom(seed);
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (KafkaProducer<String, Long> producer =
        new KafkaProducer<>(config, new StringSerializer(), new LongSerializer())) {
      for (long i = 0; i < count; i++) {
        String account = account(random.nextInt(accounts));
        long amount = 1L + random.nextInt(1000);
        totals.merge(account, amount, Long::sum);
        // The callback records a failure; the future adds nothing to it.
        var unused =
            producer.send(
                new ProducerRecord<>(topic, account, amount),
                (metadata, e) -> {
                  if (e != null) {
                    failure.compareAndSet(null, e);
                  }
                });
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new KafkaException("producing payments failed", failure.get());
    }
    return totals;
  }

  /** Adds {@code more} into {@code totals} (per-account sums). */
  public static void addInto(Map<String, Long> totals, Map<String, Long> more) {
    more.forEach((account, amount) -> totals.merge(account, amount, Long::sum));
  }
}
