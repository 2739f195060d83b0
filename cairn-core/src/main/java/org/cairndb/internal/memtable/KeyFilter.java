package org.cairndb.internal.memtable;

/**
 * A Bloom filter over the user keys of one memtable, so that a point lookup of a key the memtable
 * does not hold (most lookups, once the data outgrows the memtable) skips the skip-list search.
 * Cache-line blocked: the probes of one key fall into one 512-bit block.
 *
 * <p>Thread-safety: one writer (the memtable's) sets bits with plain stores while readers probe.
 * Bits are only ever set, never cleared, and int stores cannot tear, so a reader sees each word as
 * it was before or after a store. A key's bits are set before its entry is linked into the skip
 * list (a release store) and before its sequence number is published, so a reader that may see the
 * entry also sees the bits: no false negative for any entry a lookup is entitled to see.
 */
final class KeyFilter {
  private static final int WORDS_PER_BLOCK = 16;
  private static final int PROBES = 6;
  private static final int GOLDEN32 = 0x9E3779B9;

  private final int[] words;
  private final int numBlocks;

  /** A filter of about {@code bits} bits (at least one block). */
  KeyFilter(long bits) {
    long blocks = Math.max(1, Math.min(Integer.MAX_VALUE / WORDS_PER_BLOCK, bits / 512));
    this.numBlocks = (int) blocks;
    this.words = new int[numBlocks * WORDS_PER_BLOCK];
  }

  /** Heap bytes of the bit array. */
  long memoryBytes() {
    return 16L + 4L * words.length;
  }

  void add(long hash) {
    int base = blockStart(hash);
    int x = (int) hash;
    for (int i = 0; i < PROBES; i++) {
      int bit = x >>> 23;
      words[base + (bit >>> 5)] |= 1 << bit;
      x *= GOLDEN32;
    }
  }

  boolean mayContain(long hash) {
    int base = blockStart(hash);
    int x = (int) hash;
    for (int i = 0; i < PROBES; i++) {
      int bit = x >>> 23;
      if ((words[base + (bit >>> 5)] & (1 << bit)) == 0) {
        return false;
      }
      x *= GOLDEN32;
    }
    return true;
  }

  /** First word of the block for {@code hash}: a multiply-shift range reduction. */
  private int blockStart(long hash) {
    return (int) (((hash >>> 32) * numBlocks) >>> 32) * WORDS_PER_BLOCK;
  }
}
