package org.cairndb.kafka;

import java.util.Objects;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;

/**
 * Factory of Cairn-backed state stores for Kafka Streams, the counterpart of Kafka's {@code
 * Stores.persistentKeyValueStore}. Stateless and thread-safe.
 *
 * <p>Plug the supplier in wherever a RocksDB supplier goes, in the DSL:
 *
 * <pre>{@code
 * KTable<String, Long> counts =
 *     builder.<String, String>stream("words")
 *         .groupBy((key, word) -> word)
 *         .count(Materialized.<String, Long>as(CairnStores.persistentKeyValueStore("counts"))
 *             .withKeySerde(Serdes.String())
 *             .withValueSerde(Serdes.Long()));
 * }</pre>
 *
 * or in the Processor API:
 *
 * <pre>{@code
 * topology.addStateStore(
 *     Stores.keyValueStoreBuilder(
 *         CairnStores.persistentKeyValueStore("totals"), Serdes.String(), Serdes.Long()),
 *     "aggregator");
 * }</pre>
 *
 * <p>Each store is a Cairn database in {@code <state.dir>/<application>/<task>/cairn/<store>}. It
 * survives restarts, is restored from its changelog topic in batches (one atomic write per batch)
 * and publishes the engine's statistics as store-level metrics of group {@code
 * stream-state-metrics} with the tag {@code cairn-state-id}. Tune the databases with a {@link
 * CairnConfigSetter} named under {@link #CONFIG_SETTER_CLASS_CONFIG}; without one each store opens
 * with a 16 MiB memtable and a 32 MiB block cache and Cairn's other defaults.
 */
public final class CairnStores {
  /**
   * Streams configuration key naming the {@link CairnConfigSetter} applied to every Cairn store: a
   * {@code Class} or a fully qualified class name.
   */
  public static final String CONFIG_SETTER_CLASS_CONFIG = "cairn.config.setter";

  /**
   * The metrics scope of Cairn stores; store-level metrics carry the tag {@code cairn-state-id}.
   */
  public static final String METRICS_SCOPE = "cairn";

  private CairnStores() {}

  /**
   * A supplier of persistent key-value stores backed by Cairn.
   *
   * @param name the store's name (also the changelog topic's suffix); not null
   * @return a supplier whose {@code get()} returns a new, not yet initialized store each call
   */
  public static KeyValueBytesStoreSupplier persistentKeyValueStore(String name) {
    Objects.requireNonNull(name, "name cannot be null");
    return new CairnKeyValueBytesStoreSupplier(name);
  }
}
