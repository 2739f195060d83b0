package org.cairndb.internal.sstable;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.Lookup;
import org.cairndb.internal.key.ValueKind;

/** A sorted map of internal keys used as the reference model in table tests. */
final class Model {
  final TreeMap<byte[], byte[]> map = new TreeMap<>(InternalKey::compare);
  final List<byte[]> userKeys = new ArrayList<>();
  long maxSeq;

  private static final byte[][] PREFIXES = {
    {},
    {'a'},
    {'a', 'b'},
    "user0000".getBytes(java.nio.charset.StandardCharsets.UTF_8),
    {(byte) 0xFF, (byte) 0xFF},
    {0, 0}
  };

  /** Random user keys with shared prefixes, each with 1..maxVersions versions. */
  static Model random(Random rnd, int userKeyCount, int maxVersions, int maxValue) {
    Model m = new Model();
    TreeMap<byte[], Boolean> keys = new TreeMap<>(java.util.Arrays::compareUnsigned);
    while (keys.size() < userKeyCount) {
      byte[] p = PREFIXES[rnd.nextInt(PREFIXES.length)];
      byte[] k = new byte[p.length + rnd.nextInt(13)];
      System.arraycopy(p, 0, k, 0, p.length);
      for (int i = p.length; i < k.length; i++) {
        int r = rnd.nextInt(10);
        k[i] = r == 0 ? 0 : r == 1 ? (byte) 0xFF : (byte) ('a' + rnd.nextInt(6));
      }
      keys.put(k, Boolean.TRUE);
    }
    long seq = 1;
    List<byte[]> ordered = new ArrayList<>(keys.keySet());
    java.util.Collections.shuffle(ordered, rnd);
    for (byte[] k : ordered) {
      m.userKeys.add(k);
      int versions = 1 + rnd.nextInt(maxVersions);
      for (int v = 0; v < versions; v++) {
        seq += 1 + rnd.nextInt(3);
        int kind = rnd.nextInt(5) == 0 ? ValueKind.DELETE : ValueKind.PUT;
        byte[] value = new byte[kind == ValueKind.DELETE ? 0 : rnd.nextInt(maxValue + 1)];
        if (rnd.nextBoolean()) {
          rnd.nextBytes(value);
        } else {
          // Compressible: a short random pattern repeated.
          int period = 1 + rnd.nextInt(8);
          for (int i = 0; i < value.length; i++) {
            value[i] = i < period ? (byte) rnd.nextInt(256) : value[i - period];
          }
        }
        m.map.put(InternalKey.encode(k, seq, kind), value);
      }
    }
    m.maxSeq = seq;
    return m;
  }

  private Map<ByteBuffer, TreeMap<Long, byte[]>> versions;
  private int versionsSize = -1;

  /**
   * The expected {@link TableReader#get} result per the {@link Lookup} convention: the entry with
   * the largest sequence {@code <= snapshot} among the versions of {@code userKey}. Computed from a
   * per-key index of versions, independently of internal-key ordering.
   */
  byte[] get(byte[] userKey, long snapshot) {
    if (versionsSize != map.size()) {
      versions = new HashMap<>();
      for (byte[] k : map.keySet()) {
        versions
            .computeIfAbsent(ByteBuffer.wrap(InternalKey.userKey(k)), x -> new TreeMap<>())
            .put(InternalKey.sequence(k), k);
      }
      versionsSize = map.size();
    }
    TreeMap<Long, byte[]> v = versions.get(ByteBuffer.wrap(userKey));
    Map.Entry<Long, byte[]> e = v == null ? null : v.floorEntry(snapshot);
    if (e == null) {
      return null;
    }
    byte[] k = e.getValue();
    return InternalKey.kind(k) == ValueKind.DELETE ? Lookup.DELETED : map.get(k);
  }

  byte[] build(TableOptions opts, long fileNumber) {
    MemFile.Writer w = new MemFile.Writer();
    TableBuilder b = new TableBuilder(w, "t.sst", fileNumber, opts);
    for (Map.Entry<byte[], byte[]> e : map.entrySet()) {
      b.add(e.getKey(), e.getValue());
    }
    b.finish();
    return w.bytes();
  }
}
