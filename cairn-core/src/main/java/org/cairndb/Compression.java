package org.cairndb;

/** Per-block compression of SSTable data blocks. Every codec is pure Java. */
public enum Compression {
  NONE(0),
  LZ4(1),
  ZSTD(2),
  SNAPPY(3);

  private final int id;

  Compression(int id) {
    this.id = id;
  }

  /** The stable id written into each block trailer. */
  public int id() {
    return id;
  }

  /** Returns the codec with this on-disk id, or null if unknown. */
  public static Compression fromId(int id) {
    for (Compression c : values()) {
      if (c.id == id) {
        return c;
      }
    }
    return null;
  }
}
