package org.cairndb.kafka;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.internals.ChangelogRecordDeserializationHelper;
import org.apache.kafka.streams.processor.internals.metrics.StreamsMetricsImpl;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.OffsetCheckpoint;
import org.apache.kafka.streams.state.internals.StoreQueryUtils;
import org.cairndb.Cairn;
import org.cairndb.CairnException;
import org.cairndb.Options;
import org.cairndb.WriteBatch;

/**
 * A persistent {@code KeyValueStore<Bytes, byte[]>} of Kafka Streams backed by one Cairn database
 * in {@code <task state dir>/cairn/<name>}, with the semantics of Kafka's RocksDB store: a null
 * value deletes, ranges are inclusive with null meaning unbounded, a range whose lower bound is
 * above its upper bound is empty, iterators see the store as of their creation and are closed when
 * the store closes.
 *
 * <p>Durability: every write goes through Cairn's write-ahead log and so survives a crash of the
 * process; {@link #commit} (called by Kafka before it writes the task's checkpoint) syncs the log,
 * so what the checkpoint covers also survives power loss. The IQv2 position is kept in {@code
 * <name>.position} beside the database and written whenever Kafka checkpoints the task.
 *
 * <p>Thread-safety: Kafka writes from one stream thread while interactive queries read from others.
 * Writes are synchronized so {@code putIfAbsent} and {@code delete} are atomic with respect to
 * other writes; reads go straight to Cairn, which is thread-safe. Closing while readers run makes
 * them fail with {@link InvalidStateStoreException}.
 *
 * <p>Ownership: the store owns its database, its iterators' cursors, its metrics and its config
 * setter instance, all released by {@link #close()}.
 */
final class CairnKeyValueStore implements KeyValueStore<Bytes, byte[]> {
  /** Subdirectory of the task's state directory that holds the Cairn databases. */
  static final String PARENT_DIR = "cairn";

  /** Default memtable size of a store (a task may hold several stores, an instance many tasks). */
  static final long DEFAULT_MEMTABLE_BYTES = 16L << 20;

  /** Default block cache size of a store. */
  static final long DEFAULT_BLOCK_CACHE_BYTES = 32L << 20;

  private final String name;
  private final String metricsScope;
  private final Set<CairnKeyValueIterator> openIterators = ConcurrentHashMap.newKeySet();
  private volatile Cairn db;
  private volatile boolean open;
  // Volatile: set by init on the stream thread, read by interactive queries on other threads.
  private volatile StateStoreContext context;
  private volatile Position position = Position.emptyPosition();
  private OffsetCheckpoint positionCheckpoint;
  private boolean consistencyEnabled;
  private CairnConfigSetter configSetter;
  private Options options;
  private CairnStoreMetrics metrics;

  /** Whether anything was written since the last {@link #commit}; guarded by {@code this}. */
  private boolean dirty;

  CairnKeyValueStore(String name, String metricsScope) {
    this.name = Objects.requireNonNull(name, "name");
    this.metricsScope = Objects.requireNonNull(metricsScope, "metricsScope");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public synchronized void init(StateStoreContext context, StateStore root) {
    if (open) {
      throw new IllegalStateException("store " + name + " is already open");
    }
    this.context = context;
    Map<String, Object> configs = context.appConfigs();
    File parent = new File(context.stateDir(), PARENT_DIR);
    File dir = new File(parent, name);
    try {
      Files.createDirectories(dir.toPath());
    } catch (IOException e) {
      throw new ProcessorStateException("Error creating the directory of store " + name, e);
    }
    CairnConfigSetter setter = ConfigSetters.create(configs);
    Options.Builder builder =
        Options.builder()
            .memtableBytes(DEFAULT_MEMTABLE_BYTES)
            .blockCacheBytes(DEFAULT_BLOCK_CACHE_BYTES);
    if (setter != null) {
      setter.setConfig(name, builder, configs);
    }
    Options opts = builder.build();
    Cairn opened;
    try {
      opened = Cairn.open(dir.toPath(), opts);
    } catch (CairnException e) {
      if (setter != null) {
        setter.close(name, opts);
      }
      throw new ProcessorStateException("Error opening store " + name + " at " + dir, e);
    }
    this.configSetter = setter;
    this.options = opts;
    this.db = opened;
    try {
      this.consistencyEnabled =
          StreamsConfig.InternalConfig.getBoolean(
              configs, StreamsConfig.InternalConfig.IQ_CONSISTENCY_OFFSET_VECTOR_ENABLED, false);
      this.positionCheckpoint = new OffsetCheckpoint(new File(parent, name + ".position"));
      this.position = StoreQueryUtils.readPositionFromCheckpoint(positionCheckpoint);
      if (context.metrics() instanceof StreamsMetricsImpl streamsMetrics) {
        this.metrics =
            new CairnStoreMetrics(
                streamsMetrics,
                context.taskId().toString(),
                metricsScope,
                name,
                this::propertyIfOpen);
      }
      open = true;
      context.register(
          root,
          new CairnRestoreCallback(this::restoreBatch, this::restorePairs),
          () -> StoreQueryUtils.checkpointPosition(positionCheckpoint, position));
    } catch (RuntimeException e) {
      // Do not leave the database locked behind a store Kafka will never close.
      open = true;
      close();
      throw e;
    }
  }

  @Override
  public boolean persistent() {
    return true;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public synchronized void put(Bytes key, byte[] value) {
    Objects.requireNonNull(key, "key cannot be null");
    Cairn d = openDb();
    try {
      if (value == null) {
        d.delete(key.get());
      } else {
        d.put(key.get(), value);
      }
    } catch (CairnException e) {
      throw failure("writing to", e);
    }
    dirty = true;
    StoreQueryUtils.updatePosition(position, context);
  }

  @Override
  public synchronized byte[] putIfAbsent(Bytes key, byte[] value) {
    Objects.requireNonNull(key, "key cannot be null");
    byte[] old = get(key);
    if (old == null) {
      put(key, value);
    }
    return old;
  }

  @Override
  public synchronized void putAll(List<KeyValue<Bytes, byte[]>> entries) {
    Cairn d = openDb();
    WriteBatch batch = new WriteBatch();
    for (KeyValue<Bytes, byte[]> entry : entries) {
      Objects.requireNonNull(entry.key, "key cannot be null");
      if (entry.value == null) {
        batch.delete(entry.key.get());
      } else {
        batch.put(entry.key.get(), entry.value);
      }
    }
    try {
      d.write(batch);
    } catch (CairnException e) {
      throw failure("writing to", e);
    }
    dirty = true;
    StoreQueryUtils.updatePosition(position, context);
  }

  @Override
  public synchronized byte[] delete(Bytes key) {
    Objects.requireNonNull(key, "key cannot be null");
    byte[] old = get(key);
    put(key, null);
    return old;
  }

  @Override
  public byte[] get(Bytes key) {
    Objects.requireNonNull(key, "key cannot be null");
    Cairn d = openDb();
    try {
      return d.get(key.get());
    } catch (CairnException e) {
      throw failure("reading from", e);
    }
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
    return range(from, to, true);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
    return range(from, to, false);
  }

  private KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to, boolean forward) {
    if (from != null && to != null && from.compareTo(to) > 0) {
      // Kafka's stores answer an inverted range with nothing rather than an error.
      return new EmptyKeyValueIterator();
    }
    return iterator(from == null ? null : from.get(), to == null ? null : to.get(), true, forward);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> all() {
    return iterator(null, null, true, true);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> reverseAll() {
    return iterator(null, null, true, false);
  }

  @Override
  public <S extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(
      P prefix, S prefixKeySerializer) {
    Objects.requireNonNull(prefix, "prefix cannot be null");
    Objects.requireNonNull(prefixKeySerializer, "prefixKeySerializer cannot be null");
    byte[] start = prefixKeySerializer.serialize(null, prefix);
    return iterator(start, prefixEnd(start), false, true);
  }

  /**
   * The smallest key greater than every key starting with {@code prefix}, or null when there is
   * none (the prefix is empty or all 0xFF bytes).
   */
  static byte[] prefixEnd(byte[] prefix) {
    for (int i = prefix.length - 1; i >= 0; i--) {
      if (prefix[i] != (byte) 0xFF) {
        byte[] end = Arrays.copyOf(prefix, i + 1);
        end[i]++;
        return end;
      }
    }
    return null;
  }

  private KeyValueIterator<Bytes, byte[]> iterator(
      byte[] lower, byte[] upper, boolean upperInclusive, boolean forward) {
    Cairn d = openDb();
    CairnKeyValueIterator it;
    try {
      it =
          new CairnKeyValueIterator(
              name, d.cursor(), lower, upper, upperInclusive, forward, openIterators::remove);
    } catch (CairnException e) {
      throw failure("reading from", e);
    }
    openIterators.add(it);
    if (!open) {
      // The store closed while this iterator was being created: do not leave its cursor behind.
      it.close();
      throw closedException();
    }
    return it;
  }

  @Override
  public long approximateNumEntries() {
    Cairn d = openDb();
    try {
      return EntryEstimate.of(d);
    } catch (CairnException e) {
      throw failure("reading from", e);
    }
  }

  /**
   * Makes everything written so far durable against power loss, as Kafka requires before it records
   * the changelog offsets the store has reached in the task's checkpoint. The offsets themselves
   * are kept by Kafka (the store does not manage offsets).
   *
   * <p>Every write is already in Cairn's write-ahead log, so durability needs one fsync of the log
   * ({@link Cairn#syncWal()}), not a memtable flush (which would cut a small table file at every
   * commit). Nothing is synced when nothing changed since the last commit.
   */
  @Override
  public synchronized void commit(Map<TopicPartition, Long> changelogOffsets) {
    Cairn d = openDb();
    if (!dirty) {
      return;
    }
    try {
      d.syncWal();
    } catch (CairnException e) {
      throw failure("committing", e);
    }
    dirty = false;
  }

  @Override
  public <R> QueryResult<R> query(Query<R> query, PositionBound bound, QueryConfig config) {
    return StoreQueryUtils.handleBasicQueries(query, bound, config, this, position, context);
  }

  @Override
  public Position getPosition() {
    return position;
  }

  @Override
  public synchronized void close() {
    if (!open) {
      return;
    }
    open = false;
    for (CairnKeyValueIterator it : new ArrayList<>(openIterators)) {
      it.close();
    }
    if (metrics != null) {
      metrics.close();
      metrics = null;
    }
    Cairn d = db;
    db = null;
    try {
      d.close();
    } catch (CairnException e) {
      throw new ProcessorStateException("Error closing store " + name, e);
    } finally {
      if (configSetter != null) {
        configSetter.close(name, options);
        configSetter = null;
      }
    }
  }

  /** Applies one batch of changelog records as one atomic Cairn write; null values delete. */
  synchronized void restoreBatch(Collection<ConsumerRecord<byte[], byte[]>> records) {
    Cairn d = openDb();
    WriteBatch batch = new WriteBatch();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      ChangelogRecordDeserializationHelper.applyChecksAndUpdatePosition(
          record, consistencyEnabled, position);
      if (record.value() == null) {
        batch.delete(record.key());
      } else {
        batch.put(record.key(), record.value());
      }
    }
    try {
      d.write(batch);
    } catch (CairnException e) {
      throw failure("restoring", e);
    }
    dirty = true;
  }

  /** Applies one batch of key-value pairs as one atomic Cairn write; null values delete. */
  synchronized void restorePairs(Collection<KeyValue<byte[], byte[]>> pairs) {
    Cairn d = openDb();
    WriteBatch batch = new WriteBatch();
    for (KeyValue<byte[], byte[]> pair : pairs) {
      if (pair.value == null) {
        batch.delete(pair.key);
      } else {
        batch.put(pair.key, pair.value);
      }
    }
    try {
      d.write(batch);
    } catch (CairnException e) {
      throw failure("restoring", e);
    }
    dirty = true;
  }

  /** Number of iterators handed out and not closed yet. */
  int openIteratorCount() {
    return openIterators.size();
  }

  /** A Cairn property of the open database, or null once the store is closed. */
  String propertyIfOpen(String property) {
    Cairn d = db;
    if (d == null || !open) {
      return null;
    }
    try {
      return d.property(property);
    } catch (CairnException e) {
      // Closed between the check and the read: a metric read then shows nothing.
      return null;
    }
  }

  private Cairn openDb() {
    Cairn d = db;
    if (d == null || !open) {
      throw closedException();
    }
    return d;
  }

  private InvalidStateStoreException closedException() {
    return new InvalidStateStoreException("Store " + name + " is currently closed");
  }

  private RuntimeException failure(String action, CairnException e) {
    if (!open) {
      return new InvalidStateStoreException("Store " + name + " is currently closed", e);
    }
    return new ProcessorStateException("Error " + action + " store " + name, e);
  }
}
