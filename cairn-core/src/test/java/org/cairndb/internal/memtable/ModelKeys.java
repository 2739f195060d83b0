package org.cairndb.internal.memtable;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.cairndb.internal.key.InternalKey;

/** Test support: an independent internal-key order for models, and seed streams. */
final class ModelKeys {
  /**
   * Internal-key order written out from its definition: user key ascending (unsigned bytes), then
   * trailer descending as an unsigned 64-bit number.
   */
  static final Comparator<byte[]> ORDER =
      (a, b) -> {
        int aEnd = a.length - InternalKey.TRAILER_BYTES;
        int bEnd = b.length - InternalKey.TRAILER_BYTES;
        int c = Arrays.compareUnsigned(a, 0, aEnd, b, 0, bEnd);
        if (c != 0) {
          return c;
        }
        return Long.compareUnsigned(InternalKey.trailer(b), InternalKey.trailer(a));
      };

  private ModelKeys() {}

  /**
   * {@code count} seeds (times the nightly multiplier), or just {@code -Dcairn.seed} when given to
   * reproduce a failure.
   */
  static Stream<Long> seeds(int count) {
    Long fixed = Long.getLong("cairn.seed");
    if (fixed != null) {
      return Stream.of(fixed);
    }
    long base = System.nanoTime();
    int n = count * Integer.getInteger("cairn.nightly", 1);
    return LongStream.range(0, n).mapToObj(i -> base + i * 0x9E3779B97F4A7C15L);
  }
}
