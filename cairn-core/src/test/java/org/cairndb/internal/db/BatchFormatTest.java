package org.cairndb.internal.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cairndb.internal.key.ValueKind;
import org.cairndb.internal.util.DecodeException;
import org.junit.jupiter.api.Test;

class BatchFormatTest {
  private static byte[] batch(long seq, int count, int... ops) {
    byte[] rep = new byte[BatchFormat.HEADER_BYTES + ops.length];
    BatchFormat.setHeader(rep, seq, count);
    for (int i = 0; i < ops.length; i++) {
      rep[BatchFormat.HEADER_BYTES + i] = (byte) ops[i];
    }
    return rep;
  }

  @Test
  void decodesOpsWithConsecutiveSequences() {
    byte[] rep = batch(100, 2, ValueKind.PUT, 1, 'a', 2, 'x', 'y', ValueKind.DELETE, 0);
    List<String> seen = new ArrayList<>();
    BatchFormat.forEach(
        rep,
        rep.length,
        (seq, kind, r, ko, kl, vo, vl) -> seen.add(seq + ":" + kind + ":" + kl + ":" + vl));
    assertEquals(List.of("100:1:1:2", "101:0:0:0"), seen);
  }

  @Test
  void malformedBatchesAreRejected() {
    assertThrows(DecodeException.class, () -> BatchFormat.validate(new byte[5], 5));
    byte[] countMismatch = batch(1, 2, ValueKind.DELETE, 0);
    assertThrows(
        DecodeException.class, () -> BatchFormat.validate(countMismatch, countMismatch.length));
    byte[] overrun = batch(1, 1, ValueKind.PUT, 5, 'a');
    assertThrows(DecodeException.class, () -> BatchFormat.validate(overrun, overrun.length));
    byte[] unknownKind = batch(1, 1, 9, 0);
    assertThrows(
        DecodeException.class, () -> BatchFormat.validate(unknownKind, unknownKind.length));
    byte[] hugeVarint = batch(1, 1, ValueKind.DELETE, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F);
    assertThrows(DecodeException.class, () -> BatchFormat.validate(hugeVarint, hugeVarint.length));
  }

  @Test
  void aSingleOperationInTheScratchArrayEncodesAsSingleDoes() {
    byte[] key = {'k', 'e', 'y'};
    byte[] value = new byte[100];
    value[7] = 42;
    int len = BatchFormat.singleLength(key, value);
    assertEquals(BatchFormat.single(key, value).length, len);
    byte[] scratch = BatchFormat.singleInScratch(key, value, len);
    assertArrayEquals(BatchFormat.single(key, value), Arrays.copyOf(scratch, len));
    int delLen = BatchFormat.singleLength(key, null);
    byte[] again = BatchFormat.singleInScratch(key, null, delLen);
    assertSame(scratch, again, "the thread's array is reused");
    assertArrayEquals(BatchFormat.single(key, null), Arrays.copyOf(again, delLen));
    // Too large for the scratch array: a fresh array of exactly the batch.
    byte[] big = new byte[BatchFormat.SCRATCH_BYTES];
    byte[] rep = BatchFormat.singleInScratch(key, big, BatchFormat.singleLength(key, big));
    assertNotSame(scratch, rep);
    assertArrayEquals(BatchFormat.single(key, big), rep);
  }
}
