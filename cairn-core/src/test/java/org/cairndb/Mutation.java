package org.cairndb;

import java.util.List;

/** One recorded put ({@code value != null}) or delete, for replaying histories into a model. */
public final class Mutation {
  private final byte[] key;
  private final byte[] value;

  public Mutation(byte[] key, byte[] value) {
    this.key = key;
    this.value = value;
  }

  public byte[] key() {
    return key;
  }

  /** The value, or null for a delete. */
  public byte[] value() {
    return value;
  }

  /** Applies the mutations of one acknowledged operation to {@code model}, in order. */
  public static void apply(List<Mutation> op, Model model) {
    for (Mutation m : op) {
      if (m.value == null) {
        model.delete(m.key);
      } else {
        model.put(m.key, m.value);
      }
    }
  }
}
