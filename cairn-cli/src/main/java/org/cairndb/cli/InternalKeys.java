package org.cairndb.cli;

import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.ValueKind;

/** Shows internal keys ({@code userKey || trailer}) as {@code key @seq KIND}. Stateless. */
final class InternalKeys {
  private InternalKeys() {}

  static String show(ByteFormat f, byte[] internalKey) {
    if (internalKey.length < InternalKey.TRAILER_BYTES) {
      return "(short key " + ByteFormat.hex(internalKey) + ")";
    }
    return f.show(InternalKey.userKey(internalKey))
        + " @"
        + InternalKey.sequence(internalKey)
        + " "
        + kind(InternalKey.kind(internalKey));
  }

  static String kind(int kind) {
    return switch (kind) {
      case ValueKind.PUT -> "PUT";
      case ValueKind.DELETE -> "DELETE";
      case ValueKind.MAX -> "SEEK";
      default -> "KIND" + kind;
    };
  }
}
