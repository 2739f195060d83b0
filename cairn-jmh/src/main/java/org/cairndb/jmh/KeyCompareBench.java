package org.cairndb.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.ValueKind;
import org.cairndb.internal.util.Bytes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Comparison of 24-byte internal keys (16-byte user key and trailer), the operation every search
 * and merge repeats: pairs whose user keys differ after a random shared prefix of 0 to 15 bytes
 * ({@code differentUserKeys}), pairs with the same user key and different sequence numbers, decided
 * by the trailer ({@code sameUserKey}), and the user keys alone with {@link Bytes#compare}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class KeyCompareBench {
  static final int PAIRS = 1024;

  byte[][] left;
  byte[][] right;
  byte[][] sameLeft;
  byte[][] sameRight;
  byte[][] userLeft;
  byte[][] userRight;
  int i;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(61);
    left = new byte[PAIRS][];
    right = new byte[PAIRS][];
    sameLeft = new byte[PAIRS][];
    sameRight = new byte[PAIRS][];
    userLeft = new byte[PAIRS][];
    userRight = new byte[PAIRS][];
    for (int p = 0; p < PAIRS; p++) {
      byte[] a = new byte[Fixtures.KEY_BYTES];
      for (int j = 0; j < a.length; j++) {
        a[j] = (byte) rnd.nextInt(256);
      }
      byte[] b = a.clone();
      int at = rnd.nextInt(a.length);
      b[at] = (byte) (a[at] ^ (1 + rnd.nextInt(255))); // differs first at index `at`
      userLeft[p] = a;
      userRight[p] = b;
      long seq = 1L + rnd.nextInt(1 << 20);
      left[p] = InternalKey.encode(a, seq, ValueKind.PUT);
      right[p] = InternalKey.encode(b, seq, ValueKind.PUT);
      sameLeft[p] = InternalKey.encode(a, seq, ValueKind.PUT);
      sameRight[p] = InternalKey.encode(a, seq + 1, ValueKind.PUT);
      Fixtures.check(
          Integer.signum(InternalKey.compare(left[p], right[p]))
              == Integer.signum(Bytes.compare(a, b)),
          "internal order disagrees with user key order");
      Fixtures.check(
          InternalKey.compare(sameLeft[p], sameRight[p]) > 0, "newer version does not sort first");
    }
  }

  @Benchmark
  public int differentUserKeys() {
    int p = i++ & (PAIRS - 1);
    return InternalKey.compare(left[p], right[p]);
  }

  @Benchmark
  public int sameUserKey() {
    int p = i++ & (PAIRS - 1);
    return InternalKey.compare(sameLeft[p], sameRight[p]);
  }

  @Benchmark
  public int userKeysOnly() {
    int p = i++ & (PAIRS - 1);
    return Bytes.compare(userLeft[p], userRight[p]);
  }
}
