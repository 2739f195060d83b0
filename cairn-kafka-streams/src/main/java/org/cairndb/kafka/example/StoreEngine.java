package org.cairndb.kafka.example;

import java.util.Locale;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;
import org.cairndb.kafka.CairnStores;

/**
 * The storage engine behind the example's aggregate: Cairn, or Kafka Streams' default RocksDB store
 * for comparison. Both are persistent key-value stores restored from the same changelog.
 */
public enum StoreEngine {
  /** Cairn (pure Java). */
  CAIRN,
  /** Kafka Streams' built-in RocksDB store (native, through JNI). */
  ROCKSDB;

  /** A supplier of a persistent key-value store named {@code storeName} on this engine. */
  public KeyValueBytesStoreSupplier supplier(String storeName) {
    return switch (this) {
      case CAIRN -> CairnStores.persistentKeyValueStore(storeName);
      case ROCKSDB -> Stores.persistentKeyValueStore(storeName);
    };
  }

  /** The engine's name on the command line ({@code cairn} or {@code rocksdb}). */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The engine named {@code name} (case-insensitive).
   *
   * @throws IllegalArgumentException naming the accepted values when there is none such
   */
  public static StoreEngine parse(String name) {
    for (StoreEngine engine : values()) {
      if (engine.cliName().equalsIgnoreCase(name)) {
        return engine;
      }
    }
    throw new IllegalArgumentException("unknown engine '" + name + "': use cairn or rocksdb");
  }
}
