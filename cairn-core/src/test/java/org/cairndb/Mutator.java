package org.cairndb;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Seeded mutation fuzzing for the decoder targets: starting from valid inputs, applies random bit
 * flips, byte overwrites (with boundary values such as 0, 0xFF and 0x80), insertions, deletions,
 * truncations, duplicated runs and splices of two inputs, and feeds every result to a target. Any
 * throwable escaping the target fails the run with the seed, the iteration and the input in hex, so
 * the case replays with {@code -Dcairn.seed=N} and can be added to the corpus.
 */
public final class Mutator {
  private static final int[] INTERESTING = {0, 1, 0x7F, 0x80, 0xFF, 0xFE, 8, 16, 64};

  private Mutator() {}

  /**
   * Runs {@code iterations} (scaled by the nightly factor) mutated inputs through {@code target}.
   */
  public static void run(String what, List<byte[]> seeds, int iterations, Consumer<byte[]> target) {
    long seed = Seeds.seed();
    Random rnd = new Random(seed);
    int n = Seeds.scaled(iterations);
    for (int i = 0; i < n; i++) {
      byte[] in = seeds.get(rnd.nextInt(seeds.size()));
      int rounds = 1 + rnd.nextInt(rnd.nextBoolean() ? 2 : 8);
      for (int r = 0; r < rounds; r++) {
        in = mutate(rnd, in, seeds.get(rnd.nextInt(seeds.size())));
      }
      try {
        target.accept(in);
      } catch (Throwable t) {
        throw new AssertionError(
            what + ": seed " + seed + ", iteration " + i + ": " + t + "\ninput: " + hex(in, 4096),
            t);
      }
    }
  }

  static byte[] mutate(Random rnd, byte[] in, byte[] other) {
    if (in.length == 0) {
      return other.clone();
    }
    byte[] b = in.clone();
    int at = rnd.nextInt(b.length);
    switch (rnd.nextInt(8)) {
      case 0 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
      case 1 -> b[at] = (byte) INTERESTING[rnd.nextInt(INTERESTING.length)];
      case 2 -> {
        int len = Math.min(b.length - at, 1 + rnd.nextInt(8));
        for (int i = 0; i < len; i++) {
          b[at + i] = (byte) rnd.nextInt(256);
        }
      }
      case 3 -> b = Arrays.copyOf(b, at);
      case 4 -> {
        int len = Math.min(b.length - at, 1 + rnd.nextInt(16));
        byte[] out = new byte[b.length - len];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at + len, out, at, out.length - at);
        b = out;
      }
      case 5 -> {
        int len = 1 + rnd.nextInt(16);
        byte[] out = new byte[b.length + len];
        System.arraycopy(b, 0, out, 0, at);
        for (int i = 0; i < len; i++) {
          out[at + i] = (byte) (rnd.nextBoolean() ? 0 : rnd.nextInt(256));
        }
        System.arraycopy(b, at, out, at + len, b.length - at);
        b = out;
      }
      case 6 -> {
        // A varint-sized field set huge: the classic length-field attack.
        int len = Math.min(b.length - at, 5);
        for (int i = 0; i < len; i++) {
          b[at + i] = (byte) (i == len - 1 ? 0x0F : 0xFF);
        }
      }
      default -> {
        if (other.length > 0) {
          int from = rnd.nextInt(other.length);
          int len = Math.min(other.length - from, 1 + rnd.nextInt(64));
          byte[] out = Arrays.copyOf(b, Math.max(b.length, at + len));
          System.arraycopy(other, from, out, at, len);
          b = out;
        }
      }
    }
    return b;
  }

  private static String hex(byte[] b, int max) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(b.length, max); i++) {
      sb.append(String.format("%02x", b[i] & 0xFF));
    }
    return b.length > max ? sb + "..." : sb.toString();
  }
}
