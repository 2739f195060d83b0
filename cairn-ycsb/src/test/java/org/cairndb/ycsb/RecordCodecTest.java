package org.cairndb.ycsb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import site.ycsb.ByteIterator;

final class RecordCodecTest {
  private static final long BASE_SEED = Long.getLong("cairn.seed", System.nanoTime());

  private static Map<String, byte[]> randomRecord(Random rnd) {
    Map<String, byte[]> m = new LinkedHashMap<>();
    int n = rnd.nextInt(12);
    for (int i = 0; i < n; i++) {
      String name = rnd.nextInt(5) == 0 ? "fïeld-ü" + i + "\u20ac" : "field" + i;
      byte[] v = new byte[rnd.nextInt(5) == 0 ? rnd.nextInt(300) : rnd.nextInt(20)];
      rnd.nextBytes(v);
      m.put(name, v);
    }
    return m;
  }

  private static Map<String, byte[]> arrays(Map<String, ByteIterator> views) {
    Map<String, byte[]> out = new HashMap<>();
    views.forEach((k, v) -> out.put(k, v.toArray()));
    return out;
  }

  private static void assertSameRecord(
      Map<String, byte[]> want, Map<String, byte[]> got, String msg) {
    assertEquals(want.keySet(), got.keySet(), msg);
    for (String k : want.keySet()) {
      assertArrayEquals(want.get(k), got.get(k), msg + " field " + k);
    }
  }

  @Test
  void roundTripsRandomRecordsWholeAndFiltered() throws Exception {
    for (int i = 0; i < 500; i++) {
      long seed = BASE_SEED + i;
      Random rnd = new Random(seed);
      Map<String, byte[]> rec = randomRecord(rnd);
      byte[] bytes = RecordCodec.encode(rec);
      assertSameRecord(rec, RecordCodec.decodeAll(bytes), "seed " + seed);

      Map<String, ByteIterator> all = new HashMap<>();
      RecordCodec.decode(bytes, null, all);
      assertSameRecord(rec, arrays(all), "seed " + seed);

      Set<String> wanted = Set.of("field1", "field3", "absent");
      Map<String, ByteIterator> some = new HashMap<>();
      RecordCodec.decode(bytes, wanted, some);
      Map<String, byte[]> expected = new HashMap<>(rec);
      expected.keySet().retainAll(wanted);
      assertSameRecord(expected, arrays(some), "filtered, seed " + seed);
    }
  }

  @Test
  void everyFlippedBitTruncationAndExtensionIsRejected() {
    for (int i = 0; i < 40; i++) {
      long seed = BASE_SEED + 1000 + i;
      Random rnd = new Random(seed);
      byte[] good = RecordCodec.encode(randomRecord(rnd));
      for (int bit = 0; bit < good.length * 8; bit++) {
        byte[] bad = good.clone();
        bad[bit / 8] ^= (byte) (1 << (bit % 8));
        assertRejected(bad, "seed " + seed + " bit " + bit);
      }
      for (int len = 0; len < good.length; len++) {
        assertRejected(Arrays.copyOf(good, len), "seed " + seed + " truncated to " + len);
      }
      assertRejected(Arrays.copyOf(good, good.length + 1), "seed " + seed + " extended");
    }
  }

  @Test
  void randomGarbageIsRejectedWithoutOtherExceptions() {
    for (int i = 0; i < 2000; i++) {
      long seed = BASE_SEED + 5000 + i;
      Random rnd = new Random(seed);
      byte[] body = new byte[rnd.nextInt(64)];
      rnd.nextBytes(body);
      if (body.length > 0) {
        body[0] = RecordCodec.VERSION;
      }
      // With a valid checksum, only the structural checks stand between garbage and a result.
      assertRejectedOrDecodes(withCrc(body), "seed " + seed);
      assertRejected(body, "seed " + seed + " without a checksum");
    }
  }

  @Test
  void structurallyDamagedRecordsWithValidChecksumsAreRejected() {
    byte[] nameA = "a".getBytes(StandardCharsets.UTF_8);
    List<byte[]> bodies =
        List.of(
            // unknown version
            body(2, 0),
            // field count larger than the bytes can hold
            body(1, 0xFF, 0xFF, 0xFF, 0xFF, 0x07),
            // field count varint longer than 5 bytes
            body(1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01),
            // value length runs past the end
            concat(body(1, 1, 1), nameA, body(0x7F)),
            // name length runs past the end
            body(1, 1, 0x7F, 'a', 'b'),
            // a length above 2^31 - 1
            concat(body(1, 1, 1), nameA, body(0xFF, 0xFF, 0xFF, 0xFF, 0x0F)),
            // trailing bytes after the last field
            concat(body(1, 1, 1), nameA, body(0, 9)),
            // repeated field name
            concat(body(1, 2, 1), nameA, body(0, 1), nameA, body(0)),
            // a field name that is not UTF-8
            body(1, 1, 2, 0xC3, 0x28, 0),
            // empty body
            body());
    for (int i = 0; i < bodies.size(); i++) {
      assertRejected(withCrc(bodies.get(i)), "case " + i);
    }
  }

  @Test
  void emptyRecordAndEmptyValuesRoundTrip() throws Exception {
    assertEquals(Map.of(), RecordCodec.decodeAll(RecordCodec.encode(Map.of())));
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("", new byte[0]);
    m.put("x", new byte[0]);
    assertSameRecord(m, RecordCodec.decodeAll(RecordCodec.encode(m)), "empty values");
  }

  private static void assertRejected(byte[] bad, String msg) {
    assertThrows(DamagedRecordException.class, () -> RecordCodec.decodeAll(bad), msg);
    assertThrows(
        DamagedRecordException.class,
        () -> RecordCodec.decode(bad, Set.of("field1"), new HashMap<>()),
        msg);
  }

  private static void assertRejectedOrDecodes(byte[] input, String msg) {
    Map<String, byte[]> decoded;
    try {
      decoded = RecordCodec.decodeAll(input);
    } catch (DamagedRecordException expected) {
      return;
    } catch (RuntimeException e) {
      throw new AssertionError(msg + ": " + e, e);
    }
    try {
      // Whatever decodes must survive its own round trip.
      assertSameRecord(decoded, RecordCodec.decodeAll(RecordCodec.encode(decoded)), msg);
    } catch (DamagedRecordException e) {
      fail(msg + ": re-encoding does not decode: " + e.getMessage(), e);
    }
  }

  private static byte[] body(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return b;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] withCrc(byte[] body) {
    CRC32C c = new CRC32C();
    c.update(body);
    int crc = (int) c.getValue();
    byte[] out = Arrays.copyOf(body, body.length + 4);
    for (int i = 0; i < 4; i++) {
      out[body.length + i] = (byte) (crc >>> (8 * i));
    }
    return out;
  }
}
