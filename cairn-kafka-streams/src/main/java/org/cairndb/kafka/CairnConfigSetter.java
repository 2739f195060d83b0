package org.cairndb.kafka;

import java.util.Map;
import org.cairndb.MemoryBudget;
import org.cairndb.Options;

/**
 * A hook that tunes the {@link Options} of every Cairn state store of a Kafka Streams instance, the
 * counterpart of Kafka's {@code RocksDBConfigSetter}. Name the implementing class (or pass the
 * {@code Class} itself) under {@link CairnStores#CONFIG_SETTER_CLASS_CONFIG} in the Streams
 * configuration; it needs a public no-argument constructor. One instance is created per store when
 * the store opens: {@link #setConfig} runs before the database is opened, {@link #close} after it
 * is closed.
 *
 * <p>The builder handed to {@link #setConfig} already holds the store's defaults (see {@link
 * CairnStores}); change only what you mean to. Leave {@code createIfMissing} and {@code
 * errorIfExists} alone: the store relies on reopening its own directory.
 *
 * <p><b>Bounding the memory of all stores together.</b> Every store is its own database with its
 * own memtables and block cache, so an instance with many tasks multiplies them. To give the whole
 * instance one bound, let the setter create a single {@link MemoryBudget} in a static field and
 * hand the same object to every store through {@link Options.Builder#memoryBudget}; all databases
 * opened with it then share one block cache and one memtable allowance:
 *
 * <pre>{@code
 * public final class BoundedMemorySetter implements CairnConfigSetter {
 *   // One budget for every store of this JVM: created once, shared, never closed per store.
 *   private static final MemoryBudget BUDGET = MemoryBudget.of(512L << 20);
 *
 *   @Override
 *   public void setConfig(String storeName, Options.Builder options, Map<String, Object> configs) {
 *     options.memoryBudget(BUDGET);
 *   }
 * }
 * }</pre>
 *
 * A per-store bound without sharing is {@code options.memoryBudgetBytes(bytes)}.
 *
 * <p>Implementations may be called from several stream threads at once (one call per store); keep
 * shared state thread-safe, as a static budget is.
 */
public interface CairnConfigSetter {
  /**
   * Adjusts the options of one store before it opens.
   *
   * @param storeName the store's name
   * @param options the builder the store will build its options from
   * @param configs the Streams application's configuration
   */
  void setConfig(String storeName, Options.Builder options, Map<String, Object> configs);

  /**
   * Releases what {@link #setConfig} created for this store, after the store's database closed. The
   * default does nothing; do not close objects shared with other stores here.
   *
   * @param storeName the store's name
   * @param options the options the store was opened with
   */
  default void close(String storeName, Options options) {}
}
