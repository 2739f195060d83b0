package org.cairndb.kafka;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;

/** Supplies {@link CairnKeyValueStore}s of one name. Immutable and thread-safe. */
final class CairnKeyValueBytesStoreSupplier implements KeyValueBytesStoreSupplier {
  private final String name;

  CairnKeyValueBytesStoreSupplier(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public KeyValueStore<Bytes, byte[]> get() {
    return new CairnKeyValueStore(name, metricsScope());
  }

  @Override
  public String metricsScope() {
    return CairnStores.METRICS_SCOPE;
  }
}
