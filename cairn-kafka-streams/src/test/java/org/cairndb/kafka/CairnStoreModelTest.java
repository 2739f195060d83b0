package org.cairndb.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.internals.RecordBatchingStateRestoreCallback;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random operations on the store checked against a {@code TreeMap<Bytes, byte[]>}: writes of every
 * kind, ranges in both directions, prefix scans, commits, reopens and restore batches. Keys come
 * from a small alphabet that includes 0x00 and 0xFF so unsigned order and prefix ends are tested.
 */
class CairnStoreModelTest {
  private static final byte[] ALPHABET = {0, 1, 'a', 'b', (byte) 0x7F, (byte) 0x80, (byte) 0xFF};
  @TempDir Path dir;

  private static byte[] key(Random r) {
    byte[] k = new byte[r.nextInt(4)];
    for (int i = 0; i < k.length; i++) {
      k[i] = ALPHABET[r.nextInt(ALPHABET.length)];
    }
    return k;
  }

  private static byte[] value(Random r) {
    byte[] v = new byte[r.nextInt(r.nextInt(10) == 0 ? 3000 : 20)];
    r.nextBytes(v);
    return v;
  }

  private CairnKeyValueStore open(boolean tiny) {
    TestStoreContext context = new TestStoreContext(dir);
    if (tiny) {
      context.configs().put(CairnStores.CONFIG_SETTER_CLASS_CONFIG, TestSetters.TinyMemtable.class);
    }
    CairnKeyValueStore store = new CairnKeyValueStore("model", "cairn");
    store.init(context, store);
    lastContext = context;
    return store;
  }

  private TestStoreContext lastContext;

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3})
  void storeMatchesTheModel(int run) {
    long base = Long.getLong("cairn.seed", System.nanoTime());
    long seed = base + run;
    Random r = new Random(seed);
    boolean tiny = run % 2 == 0;
    NavigableMap<Bytes, byte[]> model = new TreeMap<>();
    CairnKeyValueStore store = open(tiny);
    try {
      for (int step = 0; step < 1200; step++) {
        String where = "seed " + seed + " step " + step;
        // 1 in 200 steps reopens the store: often enough to cross flushes, rarely enough to stay
        // fast.
        int op = r.nextInt(200) == 0 ? 199 : r.nextInt(99);
        if (op < 30) {
          Bytes k = Bytes.wrap(key(r));
          byte[] v = r.nextInt(8) == 0 ? null : value(r);
          store.put(k, v);
          apply(model, k, v);
        } else if (op < 38) {
          Bytes k = Bytes.wrap(key(r));
          byte[] old = store.delete(k);
          assertArrayEquals(model.remove(k), old, where);
        } else if (op < 43) {
          Bytes k = Bytes.wrap(key(r));
          byte[] v = value(r);
          byte[] old = store.putIfAbsent(k, v);
          assertArrayEquals(model.get(k), old, where);
          model.putIfAbsent(k, v);
        } else if (op < 50) {
          List<KeyValue<Bytes, byte[]>> entries = new ArrayList<>();
          for (int i = r.nextInt(20); i >= 0; i--) {
            entries.add(KeyValue.pair(Bytes.wrap(key(r)), r.nextInt(5) == 0 ? null : value(r)));
          }
          store.putAll(entries);
          entries.forEach(e -> apply(model, e.key, e.value));
        } else if (op < 60) {
          Bytes k = Bytes.wrap(key(r));
          assertArrayEquals(model.get(k), store.get(k), where);
        } else if (op < 75) {
          Bytes from = r.nextInt(5) == 0 ? null : Bytes.wrap(key(r));
          Bytes to = r.nextInt(5) == 0 ? null : Bytes.wrap(key(r));
          boolean forward = r.nextBoolean();
          List<Map.Entry<Bytes, byte[]>> expected = expectedRange(model, from, to, forward);
          KeyValueIterator<Bytes, byte[]> it =
              forward ? store.range(from, to) : store.reverseRange(from, to);
          assertSame(expected, it, where + " range " + from + ".." + to + " forward " + forward);
        } else if (op < 82) {
          byte[] prefix = key(r);
          Bytes end = prefixEnd(prefix);
          NavigableMap<Bytes, byte[]> sub =
              end == null
                  ? model.tailMap(Bytes.wrap(prefix), true)
                  : model.subMap(Bytes.wrap(prefix), true, end, false);
          assertSame(
              new ArrayList<>(sub.entrySet()),
              store.prefixScan(prefix, new ByteArraySerializer()),
              where + " prefix " + Bytes.wrap(prefix));
        } else if (op < 85) {
          assertSame(new ArrayList<>(model.entrySet()), store.all(), where + " all");
          List<Map.Entry<Bytes, byte[]>> reversed = new ArrayList<>(model.entrySet());
          Collections.reverse(reversed);
          assertSame(reversed, store.reverseAll(), where + " reverseAll");
        } else if (op < 88) {
          assertEquals(model.size(), store.approximateNumEntries(), where + " entries");
        } else if (op < 91) {
          store.commit(Map.of());
        } else if (op < 99) {
          List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
          for (int i = r.nextInt(30); i >= 0; i--) {
            byte[] k = key(r);
            byte[] v = r.nextInt(4) == 0 ? null : value(r);
            batch.add(new ConsumerRecord<>("changelog", 0, step * 100L + i, k, v));
            apply(model, Bytes.wrap(k), v);
          }
          ((RecordBatchingStateRestoreCallback) lastContext.restoreCallback).restoreBatch(batch);
        } else {
          store.close();
          store = open(tiny);
          assertSame(new ArrayList<>(model.entrySet()), store.all(), where + " after reopen");
        }
      }
      assertSame(new ArrayList<>(model.entrySet()), store.all(), "seed " + seed + " final");
    } finally {
      store.close();
    }
  }

  private static void apply(NavigableMap<Bytes, byte[]> model, Bytes k, byte[] v) {
    if (v == null) {
      model.remove(k);
    } else {
      model.put(k, v);
    }
  }

  private static Bytes prefixEnd(byte[] prefix) {
    byte[] end = CairnKeyValueStore.prefixEnd(prefix);
    return end == null ? null : Bytes.wrap(end);
  }

  private static List<Map.Entry<Bytes, byte[]>> expectedRange(
      NavigableMap<Bytes, byte[]> model, Bytes from, Bytes to, boolean forward) {
    if (from != null && to != null && from.compareTo(to) > 0) {
      return List.of();
    }
    NavigableMap<Bytes, byte[]> sub = model;
    if (from != null) {
      sub = sub.tailMap(from, true);
    }
    if (to != null) {
      sub = sub.headMap(to, true);
    }
    List<Map.Entry<Bytes, byte[]>> out = new ArrayList<>(sub.entrySet());
    if (!forward) {
      Collections.reverse(out);
    }
    return out;
  }

  private static void assertSame(
      List<Map.Entry<Bytes, byte[]>> expected, KeyValueIterator<Bytes, byte[]> it, String where) {
    List<Map.Entry<Bytes, byte[]>> actual = new ArrayList<>();
    try (it) {
      while (it.hasNext()) {
        Bytes peeked = it.peekNextKey();
        KeyValue<Bytes, byte[]> kv = it.next();
        assertEquals(peeked, kv.key, where);
        actual.add(Map.entry(kv.key, kv.value));
      }
    }
    assertEquals(expected.size(), actual.size(), where + " size");
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).getKey(), actual.get(i).getKey(), where + " key " + i);
      assertArrayEquals(
          expected.get(i).getValue(), actual.get(i).getValue(), where + " value " + i);
    }
  }
}
