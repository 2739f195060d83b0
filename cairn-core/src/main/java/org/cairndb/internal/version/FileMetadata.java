package org.cairndb.internal.version;

import org.cairndb.internal.key.InternalKey;

/**
 * What the manifest records about one SSTable: its number, size, internal-key range and sequence
 * range. Immutable, shared by every version that holds the file.
 */
public final class FileMetadata {
  private final long number;
  private final long size;
  private final byte[] smallest;
  private final byte[] largest;
  private final long smallestSeq;
  private final long largestSeq;

  public FileMetadata(
      long number, long size, byte[] smallest, byte[] largest, long smallestSeq, long largestSeq) {
    this.number = number;
    this.size = size;
    this.smallest = smallest;
    this.largest = largest;
    this.smallestSeq = smallestSeq;
    this.largestSeq = largestSeq;
  }

  public long number() {
    return number;
  }

  public long size() {
    return size;
  }

  /** Smallest internal key. The caller must not modify the array. */
  public byte[] smallest() {
    return smallest;
  }

  /** Largest internal key. The caller must not modify the array. */
  public byte[] largest() {
    return largest;
  }

  public long smallestSeq() {
    return smallestSeq;
  }

  public long largestSeq() {
    return largestSeq;
  }

  /** Compares {@code userKey} with this file's smallest user key. */
  public int compareToSmallest(byte[] userKey) {
    return java.util.Arrays.compareUnsigned(
        userKey, 0, userKey.length, smallest, 0, InternalKey.userKeyLength(smallest));
  }

  /** Compares {@code userKey} with this file's largest user key. */
  public int compareToLargest(byte[] userKey) {
    return java.util.Arrays.compareUnsigned(
        userKey, 0, userKey.length, largest, 0, InternalKey.userKeyLength(largest));
  }

  /**
   * True if the file's user-key range overlaps {@code [from, toExclusive)}; null bounds are
   * unbounded.
   */
  public boolean overlaps(byte[] from, byte[] toExclusive) {
    if (from != null && compareToLargest(from) > 0) {
      return false;
    }
    return toExclusive == null || compareToSmallest(toExclusive) > 0;
  }

  /** True if the user-key ranges of this file and {@code other} overlap. */
  public boolean overlaps(FileMetadata other) {
    return InternalKey.compareUserKeys(smallest, other.largest) <= 0
        && InternalKey.compareUserKeys(other.smallest, largest) <= 0;
  }

  @Override
  public String toString() {
    return "#" + number + "(" + size + " bytes, seq " + smallestSeq + ".." + largestSeq + ")";
  }
}
