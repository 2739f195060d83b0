package org.cairndb.internal.iter;

import java.io.IOException;

/**
 * Receives a value as a slice of an array it must neither modify nor keep: the bytes are only valid
 * during the call. Lets a flush or compaction copy each value once, into the table being built,
 * instead of first into an array of its own.
 */
@FunctionalInterface
public interface ValueSink {
  void accept(byte[] array, int offset, int length) throws IOException;
}
