package org.cairndb.cli;

/**
 * One table of the tree as the manifest records it: number, size, user-key range and sequence
 * range. Immutable; the key arrays are shared and must not be modified.
 */
final class FileInfo {
  private final long number;
  private final long size;
  private final byte[] smallest;
  private final byte[] largest;
  private final long smallestSeq;
  private final long largestSeq;

  FileInfo(
      long number, long size, byte[] smallest, byte[] largest, long smallestSeq, long largestSeq) {
    this.number = number;
    this.size = size;
    this.smallest = smallest;
    this.largest = largest;
    this.smallestSeq = smallestSeq;
    this.largestSeq = largestSeq;
  }

  long number() {
    return number;
  }

  long size() {
    return size;
  }

  byte[] smallest() {
    return smallest;
  }

  byte[] largest() {
    return largest;
  }

  long smallestSeq() {
    return smallestSeq;
  }

  long largestSeq() {
    return largestSeq;
  }
}
