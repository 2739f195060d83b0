package org.cairndb.fs;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;

/**
 * Releases a file mapping at once instead of when the collector gets to its buffer. Java 17 has no
 * public way to unmap, so this goes through {@code sun.misc.Unsafe.invokeCleaner} (module {@code
 * jdk.unsupported}, which opens it to everyone), looked up reflectively so that a JDK without it
 * simply leaves {@link #available()} false and the caller falls back to plain writes.
 *
 * <p>Why not leave it to the collector: each mapped region of a busy log would stay mapped (and its
 * pages resident, counted in the process's RSS) until a collection that may not come for minutes,
 * because the buffers are tiny on the heap.
 *
 * <p>A buffer must never be touched after {@link #unmap}: the memory is gone and an access would
 * crash the JVM. {@link MappedLogFile} guarantees this by confining its buffer to synchronized
 * methods and dropping the reference before unmapping.
 */
final class Unmapper {
  private static final MethodHandle INVOKE_CLEANER = lookup();

  private Unmapper() {}

  /** Whether {@link #unmap} works on this JVM. */
  static boolean available() {
    return INVOKE_CLEANER != null;
  }

  /** Unmaps {@code buffer} now. Requires {@link #available()}; nobody may use the buffer again. */
  static void unmap(MappedByteBuffer buffer) {
    try {
      INVOKE_CLEANER.invokeExact((ByteBuffer) buffer);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("cannot unmap a log region", e);
    }
  }

  private static MethodHandle lookup() {
    try {
      Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
      Field field = unsafeClass.getDeclaredField("theUnsafe");
      field.setAccessible(true);
      Object unsafe = field.get(null);
      return MethodHandles.lookup()
          .findVirtual(
              unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
          .bindTo(unsafe);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
