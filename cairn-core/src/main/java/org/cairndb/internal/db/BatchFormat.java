package org.cairndb.internal.db;

import org.cairndb.internal.key.ValueKind;
import org.cairndb.internal.util.Coding;
import org.cairndb.internal.util.DecodeException;

/**
 * The encoding of a write batch, which is also the payload of one write-ahead-log record:
 *
 * <pre>
 * Batch     --&gt; Sequence, Count, Op^Count
 * Sequence  --&gt; fixed64 LE: the sequence number of the first op (op i gets Sequence + i)
 * Count     --&gt; fixed32 LE
 * Op        --&gt; Kind, KeyLen, Key, [ValueLen, Value]     (value only for PUT)
 * Kind      --&gt; byte: 0 = DELETE, 1 = PUT; other ids are reserved (see ValueKind), and kinds with
 *               the high bit set are reserved for column-family scoped ops (Kind, CfId varint, ...)
 * KeyLen, ValueLen --&gt; varint32
 * </pre>
 *
 * A decoder meeting a reserved kind refuses the record: it was written by a newer Cairn.
 */
public final class BatchFormat {
  public static final int HEADER_BYTES = 12;

  /** Largest encoded batch: 1 GiB. */
  public static final long MAX_BATCH_BYTES = 1L << 30;

  private BatchFormat() {}

  public static long sequence(byte[] rep) {
    return Coding.getLong(rep, 0);
  }

  public static int count(byte[] rep) {
    return Coding.getInt(rep, 8);
  }

  public static void setHeader(byte[] rep, long sequence, int count) {
    Coding.putLong(rep, 0, sequence);
    Coding.putInt(rep, 8, count);
  }

  /** Bytes one operation takes: a put when {@code value != null}, else a delete. */
  public static long opLength(byte[] key, byte[] value) {
    long n = 1L + Coding.varintLength(key.length) + key.length;
    if (value != null) {
      n += Coding.varintLength(value.length) + value.length;
    }
    return n;
  }

  /**
   * Encodes one operation (a put when {@code value != null}, else a delete) at {@code pos}; returns
   * the position after it. Requires: {@code opLength(key, value)} bytes of room.
   */
  public static int putOp(byte[] dst, int pos, byte[] key, byte[] value) {
    int p = pos;
    dst[p++] = (byte) (value != null ? ValueKind.PUT : ValueKind.DELETE);
    p = Coding.putVarint(dst, p, key.length);
    System.arraycopy(key, 0, dst, p, key.length);
    p += key.length;
    if (value != null) {
      p = Coding.putVarint(dst, p, value.length);
      System.arraycopy(value, 0, dst, p, value.length);
      p += value.length;
    }
    return p;
  }

  /** A one-operation batch (header included), ready for the write path. */
  public static byte[] single(byte[] key, byte[] value) {
    byte[] rep = new byte[singleLength(key, value)];
    setHeader(rep, 0, 1);
    putOp(rep, HEADER_BYTES, key, value);
    return rep;
  }

  /** Largest one-operation batch {@link #singleInScratch} encodes into a kept per-thread array. */
  static final int SCRATCH_BYTES = 4096;

  private static final ThreadLocal<byte[][]> SCRATCH = ThreadLocal.withInitial(() -> new byte[1][]);

  /** Bytes of the one-operation batch {@link #single} encodes (header included). */
  public static int singleLength(byte[] key, byte[] value) {
    return (int) (HEADER_BYTES + opLength(key, value));
  }

  /**
   * {@link #single} encoded into this thread's scratch array when it fits in {@link
   * #SCRATCH_BYTES}, else into a new array; the batch is {@code result[0, len)}, where {@code len}
   * must be {@link #singleLength}. For a caller that hands the batch to the write path and is done
   * with it when the write returns (the write path copies it): a put then allocates nothing for its
   * batch. The next call on the same thread overwrites the array.
   */
  public static byte[] singleInScratch(byte[] key, byte[] value, int len) {
    if (len > SCRATCH_BYTES) {
      return single(key, value);
    }
    byte[][] holder = SCRATCH.get();
    byte[] rep = holder[0];
    if (rep == null) {
      rep = new byte[SCRATCH_BYTES];
      holder[0] = rep;
    }
    setHeader(rep, 0, 1);
    putOp(rep, HEADER_BYTES, key, value);
    return rep;
  }

  /** Receives the decoded operations of a batch, in order, as slices of the batch array. */
  public interface Handler {
    void op(long sequence, int kind, byte[] rep, int keyOff, int keyLen, int valOff, int valLen);
  }

  /**
   * Decodes {@code rep[0, len)} and calls {@code handler} per op. Throws {@link DecodeException}
   * when the bytes are malformed (the count disagrees with the ops, a length overruns, an unknown
   * kind); nothing is guaranteed about ops already delivered, so callers validate first with {@link
   * #validate} when they need all-or-nothing.
   */
  public static void forEach(byte[] rep, int len, Handler handler) {
    if (len < HEADER_BYTES) {
      throw new DecodeException("batch shorter than its header: " + len + " bytes");
    }
    long seq = sequence(rep);
    int count = count(rep);
    int[] pos = {HEADER_BYTES};
    int seen = 0;
    while (pos[0] < len) {
      int kind = rep[pos[0]++] & 0xFF;
      if (!ValueKind.isKnown(kind)) {
        throw new DecodeException("unknown operation kind " + kind + " in batch");
      }
      int keyLen = Coding.getVarint32(rep, pos, len);
      int keyOff = pos[0];
      if (keyLen > len - keyOff) {
        throw new DecodeException("key length " + keyLen + " overruns the batch");
      }
      pos[0] = keyOff + keyLen;
      int valOff = pos[0];
      int valLen = 0;
      if (kind == ValueKind.PUT) {
        valLen = Coding.getVarint32(rep, pos, len);
        valOff = pos[0];
        if (valLen > len - valOff) {
          throw new DecodeException("value length " + valLen + " overruns the batch");
        }
        pos[0] = valOff + valLen;
      }
      if (handler != null) {
        handler.op(seq + seen, kind, rep, keyOff, keyLen, valOff, valLen);
      }
      seen++;
    }
    if (seen != count) {
      throw new DecodeException("batch header says " + count + " ops but holds " + seen);
    }
  }

  /** Checks that {@code rep[0, len)} is a well-formed batch; throws {@link DecodeException}. */
  public static void validate(byte[] rep, int len) {
    forEach(rep, len, null);
  }
}
