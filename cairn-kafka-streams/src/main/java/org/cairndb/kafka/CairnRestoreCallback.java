package org.cairndb.kafka;

import java.util.Collection;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.internals.RecordBatchingStateRestoreCallback;

/**
 * Restores a {@link CairnKeyValueStore} from its changelog, one atomic write per batch. Kafka hands
 * it whole consumer records (so the store can follow the records' position headers); callers of the
 * public {@code restoreAll} get the same batching without positions. Stateless; thread-safety is
 * the store's.
 */
final class CairnRestoreCallback implements RecordBatchingStateRestoreCallback {
  private final Consumer<Collection<ConsumerRecord<byte[], byte[]>>> records;
  private final Consumer<Collection<KeyValue<byte[], byte[]>>> pairs;

  CairnRestoreCallback(
      Consumer<Collection<ConsumerRecord<byte[], byte[]>>> records,
      Consumer<Collection<KeyValue<byte[], byte[]>>> pairs) {
    this.records = records;
    this.pairs = pairs;
  }

  @Override
  public void restoreBatch(Collection<ConsumerRecord<byte[], byte[]>> batch) {
    records.accept(batch);
  }

  @Override
  public void restoreAll(Collection<KeyValue<byte[], byte[]>> batch) {
    pairs.accept(batch);
  }
}
