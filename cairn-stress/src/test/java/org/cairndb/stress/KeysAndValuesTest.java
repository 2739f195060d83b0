package org.cairndb.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Keys sort (unsigned) in index order and decode back; values check every byte. */
class KeysAndValuesTest {
  @Test
  void keysSortInIndexOrderAndDecode() {
    KeySpace ks = new KeySpace(50_000);
    boolean highByte = false;
    for (int k = 0; k < ks.size(); k++) {
      byte[] key = ks.key(k);
      assertEquals(k, ks.indexOf(key));
      if (k > 0) {
        byte[] prev = ks.key(k - 1);
        assertTrue(Arrays.compareUnsigned(prev, key) < 0, "key " + k);
        assertTrue(Arrays.compareUnsigned(prev, ks.before(k)) < 0, "before " + k);
        assertTrue(Arrays.compareUnsigned(ks.after(k - 1), key) < 0, "after " + (k - 1));
      }
      assertTrue(Arrays.compareUnsigned(ks.before(k), key) <= 0);
      assertTrue(Arrays.compareUnsigned(key, ks.after(k)) < 0);
      highByte |= key[7] < 0;
    }
    assertTrue(highByte, "some keys must have bytes >= 0x80");
    assertEquals(-1, ks.indexOf(new byte[8 + 1]));
    assertEquals(-1, ks.indexOf(ks.after(3)));
    assertEquals(-1, new KeySpace(10).indexOf(ks.key(10)));
  }

  @Test
  void valuesRoundTripAndAnyFlipIsCaught() {
    long seed = Long.getLong("cairn.seed", System.nanoTime());
    SplittableRandom r = new SplittableRandom(seed);
    boolean large = false;
    for (int i = 0; i < 5_000; i++) {
      int k = r.nextInt(1_000_000);
      int id = 1 + r.nextInt(1 << 30);
      byte[] v = ValueCodec.value(k, id);
      large |= v.length > 2048;
      assertEquals(id, ValueCodec.idOf(k, v), "seed " + seed);
      assertEquals(ValueCodec.GARBAGE, ValueCodec.idOf(k + 1, v), "seed " + seed);
      byte[] flipped = v.clone();
      flipped[r.nextInt(v.length)] ^= (byte) (1 << r.nextInt(8));
      assertEquals(ValueCodec.GARBAGE, ValueCodec.idOf(k, flipped), "seed " + seed);
      byte[] cut = Arrays.copyOf(v, r.nextInt(v.length));
      assertEquals(ValueCodec.GARBAGE, ValueCodec.idOf(k, cut), "seed " + seed);
    }
    assertTrue(large, "seed " + seed + ": some values must span blocks");
  }
}
