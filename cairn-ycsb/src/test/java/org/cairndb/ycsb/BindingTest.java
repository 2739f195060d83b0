package org.cairndb.ycsb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.Vector;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.Status;
import site.ycsb.StringByteIterator;

/** Each YCSB operation of both bindings, against a real database in a temporary directory. */
@SuppressWarnings("JdkObsolete") // site.ycsb.DB#scan takes a Vector
final class BindingTest {
  private static final long BASE_SEED = Long.getLong("cairn.seed", System.nanoTime());
  private static final String TABLE = "usertable";

  @TempDir Path tmp;

  private KeyValueBinding open(Engine engine) throws Exception {
    Properties p = new Properties();
    p.setProperty(engine.property("dir"), tmp.resolve("db").toString());
    p.setProperty(engine.property("memtable_bytes"), "1m");
    p.setProperty(engine.property("block_cache_bytes"), "4m");
    KeyValueBinding db = (KeyValueBinding) engine.binding.getDeclaredConstructor().newInstance();
    db.setProperties(p);
    db.init();
    return db;
  }

  private static Map<String, ByteIterator> fields(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return StringByteIterator.getByteIteratorMap(m);
  }

  private static Map<String, String> strings(Map<String, ByteIterator> m) {
    Map<String, String> out = new HashMap<>();
    m.forEach((k, v) -> out.put(k, new String(v.toArray(), StandardCharsets.UTF_8)));
    return out;
  }

  private static Map<String, String> read(DB db, String key, Set<String> fields) {
    Map<String, ByteIterator> out = new HashMap<>();
    Status s = db.read(TABLE, key, fields, out);
    assertEquals(Status.OK, s, "read " + key);
    return strings(out);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void insertReadWithFieldFilterUpdateMergesDelete(Engine engine) throws Exception {
    DB db = open(engine);
    try {
      assertEquals(Status.OK, db.insert(TABLE, "user1", fields("f0", "a", "f1", "b", "f2", "c")));
      assertEquals(Map.of("f0", "a", "f1", "b", "f2", "c"), read(db, "user1", null));
      assertEquals(Map.of("f1", "b"), read(db, "user1", Set.of("f1", "nope")));

      assertEquals(Status.OK, db.update(TABLE, "user1", fields("f1", "B", "f3", "d")));
      assertEquals(Map.of("f0", "a", "f1", "B", "f2", "c", "f3", "d"), read(db, "user1", null));

      assertEquals(Status.NOT_FOUND, db.read(TABLE, "user2", null, new HashMap<>()));
      assertEquals(Status.NOT_FOUND, db.update(TABLE, "user2", fields("f0", "x")));
      assertEquals(Status.NOT_FOUND, db.read(TABLE, "user2", null, new HashMap<>()));

      assertEquals(Status.OK, db.delete(TABLE, "user1"));
      assertEquals(Status.NOT_FOUND, db.read(TABLE, "user1", null, new HashMap<>()));
      assertEquals(Status.OK, db.delete(TABLE, "user1"), "deleting an absent key");

      String badTable = "user\u0000table"; // would make keys of two tables interleave
      assertEquals(Status.ERROR, db.insert(badTable, "k", fields("f", "v")));
      assertEquals(Status.ERROR, db.read(badTable, "k", null, new HashMap<>()));
      assertEquals(Status.ERROR, db.update(badTable, "k", fields("f", "v")));
      assertEquals(Status.ERROR, db.delete(badTable, "k"));
      assertEquals(Status.ERROR, db.scan(badTable, "k", 5, null, new Vector<>()));
    } finally {
      db.cleanup();
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void scansReturnRecordsInKeyOrderWithinTheTable(Engine engine) throws Exception {
    long seed = BASE_SEED;
    Random rnd = new Random(seed);
    DB db = open(engine);
    try {
      List<Integer> ids = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        ids.add(i);
      }
      java.util.Collections.shuffle(ids, rnd);
      for (int i : ids) {
        String key = String.format("user%05d", i);
        assertEquals(Status.OK, db.insert(TABLE, key, fields("id", key, "other", "x" + i)));
      }
      // Neighbouring tables must not leak into the scan.
      db.insert("usertablf", "user00000", fields("id", "wrong table"));
      db.insert("usertabl", "user99999", fields("id", "wrong table"));

      for (int round = 0; round < 30; round++) {
        int start = rnd.nextInt(320);
        int count = 1 + rnd.nextInt(60);
        Vector<HashMap<String, ByteIterator>> result = new Vector<>();
        Status s = db.scan(TABLE, String.format("user%05d", start), count, Set.of("id"), result);
        assertEquals(Status.OK, s, "seed " + seed);
        int expected = Math.max(0, Math.min(count, 300 - start));
        assertEquals(expected, result.size(), "seed " + seed + " start " + start + " n " + count);
        for (int j = 0; j < result.size(); j++) {
          assertEquals(
              Map.of("id", String.format("user%05d", start + j)),
              strings(result.get(j)),
              "seed " + seed + " start " + start + " entry " + j);
        }
      }
      Vector<HashMap<String, ByteIterator>> all = new Vector<>();
      assertEquals(Status.OK, db.scan(TABLE, "", 1000, null, all));
      assertEquals(300, all.size());
      assertEquals(2, all.get(7).size(), "all fields when no filter is given");
    } finally {
      db.cleanup();
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void damagedRecordsAreErrorsNotData(Engine engine) throws Exception {
    KeyValueBinding db = open(engine);
    try {
      db.insert(TABLE, "good", fields("f", "v"));
      byte[] damaged = RecordCodec.encode(Map.of("f", "value".getBytes(StandardCharsets.UTF_8)));
      damaged[damaged.length - 6] ^= 0x10;
      db.put(StorageKeys.key(TABLE, "bad"), damaged);

      Map<String, ByteIterator> out = new HashMap<>();
      assertEquals(Status.ERROR, db.read(TABLE, "bad", null, out));
      assertEquals(Map.of(), out);
      assertEquals(Status.ERROR, db.update(TABLE, "bad", fields("f", "w")));
      assertEquals(Status.ERROR, db.scan(TABLE, "a", 10, null, new Vector<>()));
      assertArrayEquals(damaged, db.get(StorageKeys.key(TABLE, "bad")), "update must not write");
      assertEquals(Map.of("f", "v"), read(db, "good", null));
    } finally {
      db.cleanup();
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void clientsShareOneDatabaseAndConcurrentUpdatesKeepEveryField(Engine engine) throws Exception {
    int threads = 4;
    List<KeyValueBinding> clients = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      clients.add(open(engine));
    }
    assertSame(clients.get(0).locks(), clients.get(3).locks(), "one shared database per dir");
    clients.get(0).insert(TABLE, "hot", fields("seed", "0"));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        DB c = clients.get(t);
        String field = "f" + t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 200; i++) {
                    assertEquals(Status.OK, c.update(TABLE, "hot", fields(field, "v" + i)));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(
        Map.of("seed", "0", "f0", "v199", "f1", "v199", "f2", "v199", "f3", "v199"),
        read(clients.get(1), "hot", null));
    for (int i = 0; i < threads - 1; i++) {
      clients.get(i).cleanup();
    }
    assertEquals(
        Map.of("seed", "0", "f0", "v199", "f1", "v199", "f2", "v199", "f3", "v199"),
        read(clients.get(threads - 1), "hot", null),
        "still open for the last client");
    clients.get(threads - 1).cleanup();

    // Every reference released: the directory is free to open again, with the data durable.
    KeyValueBinding again = open(engine);
    try {
      assertNotNull(again.get(StorageKeys.key(TABLE, "hot")));
      assertEquals("v199", read(again, "hot", Set.of("f2")).get("f2"));
    } finally {
      again.cleanup();
    }
  }
}
