package org.cairndb.kafka;

import static org.cairndb.kafka.CairnKeyValueStoreTest.b;
import static org.cairndb.kafka.CairnKeyValueStoreTest.keys;
import static org.cairndb.kafka.CairnKeyValueStoreTest.v;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.BatchingStateRestoreCallback;
import org.apache.kafka.streams.processor.internals.ChangelogRecordDeserializationHelper;
import org.apache.kafka.streams.processor.internals.RecordBatchingStateRestoreCallback;
import org.apache.kafka.streams.query.FailureReason;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.WindowKeyQuery;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.internals.PositionSerde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restore through the registered callback, position tracking and IQv2 queries. */
class CairnStoreRestoreAndQueryTest {
  private static final String CHANGELOG = "app-s-changelog";
  @TempDir Path dir;
  private final List<CairnKeyValueStore> stores = new ArrayList<>();

  @AfterEach
  void closeAll() {
    stores.forEach(CairnKeyValueStore::close);
  }

  private CairnKeyValueStore open(TestStoreContext context) {
    CairnKeyValueStore store = new CairnKeyValueStore("s", "cairn");
    store.init(context, store);
    stores.add(store);
    return store;
  }

  private static ConsumerRecord<byte[], byte[]> record(long offset, String key, String value) {
    return new ConsumerRecord<>(
        CHANGELOG, 0, offset, b(key).get(), value == null ? null : v(value));
  }

  private static long writeGroups(CairnKeyValueStore store) {
    return Math.round(StatsText.parse(store.propertyIfOpen("cairn.stats")).get("write.groups"));
  }

  @Test
  void restoreBatchWritesOneAtomicBatchWithTombstones() {
    TestStoreContext context = new TestStoreContext(dir);
    CairnKeyValueStore store = open(context);
    store.put(b("old"), v("x"));
    RecordBatchingStateRestoreCallback callback =
        assertInstanceOf(RecordBatchingStateRestoreCallback.class, context.restoreCallback);
    List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      batch.add(record(i, String.format("k%03d", i), "v" + i));
    }
    batch.add(record(200, "old", null));
    batch.add(record(201, "k000", "last"));
    batch.add(record(202, "k001", null));
    long groups = writeGroups(store);
    callback.restoreBatch(batch);
    assertEquals(groups + 1, writeGroups(store), "one batch is one write");
    assertNull(store.get(b("old")));
    assertNull(store.get(b("k001")));
    assertArrayEquals(v("last"), store.get(b("k000")));
    assertArrayEquals(v("v199"), store.get(b("k199")));
    assertEquals(199, keys(store.all()).size());

    BatchingStateRestoreCallback plain = callback;
    plain.restoreAll(List.of(KeyValue.pair(v("k000"), null), KeyValue.pair(v("new"), v("n"))));
    assertEquals(groups + 2, writeGroups(store));
    assertNull(store.get(b("k000")));
    assertArrayEquals(v("n"), store.get(b("new")));
  }

  @Test
  void restoreAfterWipeRebuildsTheSameContents() {
    TestStoreContext context = new TestStoreContext(dir.resolve("a"));
    CairnKeyValueStore original = open(context);
    List<ConsumerRecord<byte[], byte[]>> changelog = new ArrayList<>();
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 1000; i++) {
      String key = "k" + random.nextInt(300);
      String value = random.nextInt(5) == 0 ? null : "v" + i;
      original.put(b(key), value == null ? null : v(value));
      changelog.add(record(i, key, value));
    }
    List<String> expected = keys(original.all());
    TestStoreContext fresh = new TestStoreContext(dir.resolve("b"));
    CairnKeyValueStore restored = open(fresh);
    RecordBatchingStateRestoreCallback callback =
        (RecordBatchingStateRestoreCallback) fresh.restoreCallback;
    for (int from = 0; from < changelog.size(); from += 128) {
      callback.restoreBatch(changelog.subList(from, Math.min(changelog.size(), from + 128)));
    }
    assertEquals(expected, keys(restored.all()));
  }

  @Test
  void positionFollowsProcessedRecordsAndChangelogHeaders() throws Exception {
    TestStoreContext context = new TestStoreContext(dir);
    context.configs().put(StreamsConfig.InternalConfig.IQ_CONSISTENCY_OFFSET_VECTOR_ENABLED, true);
    CairnKeyValueStore store = open(context);
    context.setRecord("input", 3, 42);
    store.put(b("a"), v("1"));
    assertEquals(Map.of(3, 42L), store.getPosition().getPartitionPositions("input"));

    RecordHeaders headers = new RecordHeaders();
    headers.add(ChangelogRecordDeserializationHelper.CHANGELOG_VERSION_HEADER_RECORD_CONSISTENCY);
    ByteBuffer pos = PositionSerde.serialize(Position.emptyPosition().withComponent("other", 1, 9));
    byte[] posBytes = new byte[pos.remaining()];
    pos.get(posBytes);
    headers.add(
        new RecordHeader(
            ChangelogRecordDeserializationHelper.CHANGELOG_POSITION_HEADER_KEY, posBytes));
    ConsumerRecord<byte[], byte[]> withHeaders =
        new ConsumerRecord<>(
            CHANGELOG,
            0,
            0,
            0L,
            TimestampType.CREATE_TIME,
            1,
            1,
            v("b"),
            v("2"),
            headers,
            Optional.empty());
    ((RecordBatchingStateRestoreCallback) context.restoreCallback)
        .restoreBatch(List.of(withHeaders));
    assertEquals(Map.of(1, 9L), store.getPosition().getPartitionPositions("other"));

    // Kafka calls the commit callback when it checkpoints: the position outlives the store.
    context.commitCallback.onCommit();
    store.close();
    stores.clear();
    CairnKeyValueStore reopened = open(new TestStoreContext(dir));
    assertEquals(Map.of(3, 42L), reopened.getPosition().getPartitionPositions("input"));
    assertEquals(Map.of(1, 9L), reopened.getPosition().getPartitionPositions("other"));
  }

  @Test
  void keyAndRangeQueriesWithPositionBounds() {
    TestStoreContext context = new TestStoreContext(dir);
    CairnKeyValueStore store = open(context);
    context.setRecord("input", 0, 5);
    for (String k : List.of("a", "b", "c", "d")) {
      store.put(b(k), v(k + "!"));
    }
    QueryResult<byte[]> hit =
        store.query(KeyQuery.withKey(b("b")), PositionBound.unbounded(), new QueryConfig(true));
    assertTrue(hit.isSuccess());
    assertArrayEquals(v("b!"), hit.getResult());
    assertFalse(hit.getExecutionInfo().isEmpty());
    assertEquals(Map.of(0, 5L), hit.getPosition().getPartitionPositions("input"));

    QueryResult<byte[]> miss =
        store.query(KeyQuery.withKey(b("zz")), PositionBound.unbounded(), new QueryConfig(false));
    assertTrue(miss.isSuccess());
    assertNull(miss.getResult());

    QueryResult<KeyValueIterator<Bytes, byte[]>> range =
        store.query(
            RangeQuery.<Bytes, byte[]>withRange(b("b"), b("c")),
            PositionBound.unbounded(),
            new QueryConfig(false));
    assertTrue(range.isSuccess());
    assertEquals(List.of("b=b!", "c=c!"), keys(range.getResult()));

    QueryResult<KeyValueIterator<Bytes, byte[]>> reverse =
        store.query(
            RangeQuery.<Bytes, byte[]>withLowerBound(b("c")).withDescendingKeys(),
            PositionBound.unbounded(),
            new QueryConfig(false));
    assertEquals(List.of("d=d!", "c=c!"), keys(reverse.getResult()));

    PositionBound ahead = PositionBound.at(Position.emptyPosition().withComponent("input", 0, 6));
    QueryResult<byte[]> notYet =
        store.query(KeyQuery.withKey(b("a")), ahead, new QueryConfig(false));
    assertTrue(notYet.isFailure());
    assertEquals(FailureReason.NOT_UP_TO_BOUND, notYet.getFailureReason());
    PositionBound reached = PositionBound.at(Position.emptyPosition().withComponent("input", 0, 5));
    assertTrue(store.query(KeyQuery.withKey(b("a")), reached, new QueryConfig(false)).isSuccess());

    QueryResult<?> unknown =
        store.query(
            WindowKeyQuery.withKeyAndWindowStartRange(
                b("a"), java.time.Instant.EPOCH, java.time.Instant.EPOCH),
            PositionBound.unbounded(),
            new QueryConfig(false));
    assertEquals(FailureReason.UNKNOWN_QUERY_TYPE, unknown.getFailureReason());
  }
}
