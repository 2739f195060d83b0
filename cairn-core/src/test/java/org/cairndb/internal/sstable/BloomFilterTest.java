package org.cairndb.internal.sstable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.cairndb.CorruptionException;
import org.cairndb.internal.util.Coding;
import org.junit.jupiter.api.Test;

class BloomFilterTest {
  private static final long SEED = Long.getLong("cairn.seed", System.nanoTime());

  private static byte[] key(String prefix, int i) {
    return (prefix + i).getBytes(StandardCharsets.UTF_8);
  }

  private static BloomFilter build(int bitsPerKey, int n, String prefix) {
    BloomFilter.Builder b = new BloomFilter.Builder(bitsPerKey);
    for (int i = 0; i < n; i++) {
      byte[] k = key(prefix, i);
      b.addKey(k, 0, k.length);
    }
    byte[] f = b.finish();
    assertEquals(b.estimatedSize(), f.length);
    return BloomFilter.decode(f, f.length, "f.sst", 0);
  }

  /** Fraction of 100k absent keys the filter lets through. Deterministic keys, so not flaky. */
  private static double falsePositiveRate(BloomFilter f) {
    int fp = 0;
    int probes = 100_000;
    for (int i = 0; i < probes; i++) {
      if (f.mayContain(key("absent-", i))) {
        fp++;
      }
    }
    return (double) fp / probes;
  }

  @Test
  void tenBitsPerKeyGivesAboutOnePercentFalsePositives() {
    int n = 100_000;
    BloomFilter f = build(10, n, "key-");
    for (int i = 0; i < n; i++) {
      assertTrue(f.mayContain(key("key-", i)), "no false negatives");
    }
    double rate = falsePositiveRate(f);
    // Measured: 1.00% for this key set (6 probes in 512-bit blocks).
    System.out.printf("bloom 10 bits/key, 100k keys: false-positive rate %.4f%%%n", rate * 100);
    assertTrue(rate < 0.02, "false-positive rate " + rate);
    assertTrue(rate > 0.002, "suspiciously low rate " + rate + ": is the filter probing at all?");
  }

  @Test
  void rateFollowsBitsPerKey() {
    double r5 = falsePositiveRate(build(5, 20_000, "k"));
    double r20 = falsePositiveRate(build(20, 20_000, "k"));
    assertTrue(r5 < 0.15, "5 bits/key " + r5);
    assertTrue(r20 < 0.002, "20 bits/key " + r20);
    assertTrue(r20 < r5);
  }

  @Test
  void tinyFiltersWork() {
    BloomFilter one = build(10, 1, "x");
    assertTrue(one.mayContain(key("x", 0)));
    BloomFilter f = build(1, 3, "y");
    for (int i = 0; i < 3; i++) {
      assertTrue(f.mayContain(key("y", i)));
    }
  }

  @Test
  void probeCounts() {
    assertEquals(1, BloomFilter.probesFor(1));
    assertEquals(6, BloomFilter.probesFor(10));
    assertEquals(12, BloomFilter.probesFor(20));
    assertEquals(24, BloomFilter.probesFor(64));
  }

  @Test
  void malformedFiltersAreCorruption() {
    byte[] f = new BloomFilter.Builder(10).finish();
    assertEquals(64 + 6, f.length);
    byte[] badKind = f.clone();
    badKind[64] = 9;
    assertThrows(CorruptionException.class, () -> BloomFilter.decode(badKind, 70, "f", 0));
    byte[] badProbes = f.clone();
    badProbes[65] = 0;
    assertThrows(CorruptionException.class, () -> BloomFilter.decode(badProbes, 70, "f", 0));
    byte[] badCount = f.clone();
    Coding.putInt(badCount, 66, 2);
    assertThrows(CorruptionException.class, () -> BloomFilter.decode(badCount, 70, "f", 0));
    Coding.putInt(badCount, 66, -1);
    assertThrows(CorruptionException.class, () -> BloomFilter.decode(badCount, 70, "f", 0));
    assertThrows(CorruptionException.class, () -> BloomFilter.decode(f, 5, "f", 0));
  }

  /** The hash is part of the file format: pin it against fixed values and a plain reference. */
  @Test
  void keyHashIsStable() {
    assertEquals(0xf490368aba8bfeacL, KeyHash.hash(utf8("")));
    assertEquals(0x80fab60da747dbb5L, KeyHash.hash(utf8("a")));
    assertEquals(0x23463b367868950eL, KeyHash.hash(utf8("abc")));
    assertEquals(0xcafa8dda93201ba5L, KeyHash.hash(utf8("abcd")));
    assertEquals(0x334637e454e56899L, KeyHash.hash(utf8("abcdefg")));
    assertEquals(0x650808f0a7085bcfL, KeyHash.hash(utf8("abcdefgh")));
    assertEquals(0x2abf0dcaeadd5153L, KeyHash.hash(utf8("abcdefghi")));
    assertEquals(0xb198c87aeea98abaL, KeyHash.hash(utf8("hello, cairn table!")));
    Random rnd = new Random(SEED);
    for (int i = 0; i < 2000; i++) {
      byte[] b = new byte[rnd.nextInt(40)];
      rnd.nextBytes(b);
      int off = b.length == 0 ? 0 : rnd.nextInt(b.length);
      int len = rnd.nextInt(b.length - off + 1);
      assertEquals(reference(b, off, len), KeyHash.hash(b, off, len), "seed " + SEED);
    }
  }

  @Test
  void keyHashSpreadsSimilarKeys() {
    // Flipping any one input bit flips about half the output bits.
    Random rnd = new Random(SEED);
    long total = 0;
    int trials = 0;
    for (int i = 0; i < 200; i++) {
      byte[] b = new byte[1 + rnd.nextInt(24)];
      rnd.nextBytes(b);
      long h = KeyHash.hash(b);
      for (int bit = 0; bit < b.length * 8; bit++) {
        byte[] c = b.clone();
        c[bit >>> 3] ^= (byte) (1 << (bit & 7));
        total += Long.bitCount(h ^ KeyHash.hash(c));
        trials++;
      }
    }
    double avg = (double) total / trials;
    assertTrue(avg > 30 && avg < 34, "average flipped bits " + avg + ", seed " + SEED);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The documented algorithm, byte by byte. */
  private static long reference(byte[] k, int off, int n) {
    final long p1 = 0x9E3779B97F4A7C15L;
    final long p2 = 0xC2B2AE3D27D4EB4FL;
    final long p3 = 0x165667B19E3779F9L;
    long h = p3 ^ (n * p1);
    int words = n / 8;
    for (int w = 0; w <= words; w++) {
      int start = off + w * 8;
      int len = Math.min(8, off + n - start);
      if (len <= 0) {
        break;
      }
      long v = 0;
      for (int i = 0; i < len; i++) {
        v |= (k[start + i] & 0xFFL) << (8 * i);
      }
      long mix = Long.rotateLeft(v * p2, 31) * p1;
      h = Long.rotateLeft(h ^ mix, 27) * p1 + p3;
    }
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    h ^= h >>> 33;
    return h;
  }

  @Test
  void filterCanRejectAndAccept() {
    BloomFilter f = build(10, 1000, "in-");
    int rejected = 0;
    for (int i = 0; i < 1000; i++) {
      if (!f.mayContain(key("out-", i))) {
        rejected++;
      }
    }
    assertTrue(rejected > 950, "rejected " + rejected);
    assertFalse(f.mayContain(key("out-", firstRejected(f))));
  }

  private static int firstRejected(BloomFilter f) {
    for (int i = 0; ; i++) {
      if (!f.mayContain(key("out-", i))) {
        return i;
      }
    }
  }
}
