package org.cairndb.kafka.example;

import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;

/**
 * The example's topology: payments (key = account as a UTF-8 string, value = amount as a 64-bit
 * big-endian long) are summed per account into a persistent key-value store, and every new total is
 * written to the output topic under the account's key.
 *
 * <p>Stateless itself; the topology it builds counts the records it reads in the given adder.
 */
public final class AccountTotalsTopology {
  /** The name of the store holding the running totals (and of its changelog topic's suffix). */
  public static final String STORE_NAME = "account-totals";

  private AccountTotalsTopology() {}

  /**
   * Builds the topology.
   *
   * @param inputTopic the payments
   * @param outputTopic receives the account totals
   * @param supplier the store the totals are materialized in
   * @param processed counts the payments read
   */
  public static Topology build(
      String inputTopic,
      String outputTopic,
      KeyValueBytesStoreSupplier supplier,
      LongAdder processed) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(inputTopic, Consumed.with(Serdes.String(), Serdes.Long()))
        .peek((account, amount) -> processed.increment())
        .groupByKey()
        .reduce(
            Long::sum,
            Materialized.<String, Long>as(supplier)
                .withKeySerde(Serdes.String())
                .withValueSerde(Serdes.Long()))
        .toStream()
        .to(outputTopic, Produced.with(Serdes.String(), Serdes.Long()));
    return builder.build();
  }
}
