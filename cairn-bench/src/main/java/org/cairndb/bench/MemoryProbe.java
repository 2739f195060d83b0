package org.cairndb.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's memory as Linux reports it in {@code /proc/self/status}, and the JVM's heap after a
 * collection. Stateless; -1 wherever the figure is not available (other systems).
 */
final class MemoryProbe {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private MemoryProbe() {}

  /** The resident-set high-water mark (VmHWM) in bytes, or -1. */
  static long peakRssBytes() {
    return statusKib("VmHWM:");
  }

  /** The resident set now (VmRSS) in bytes, or -1. */
  static long rssBytes() {
    return statusKib("VmRSS:");
  }

  /**
   * Resets the high-water mark to the current resident set (Linux: "5" into clear_refs), so that
   * the next engine's peak is not the previous one's. Returns false where that is not possible.
   */
  static boolean resetPeak() {
    try {
      Files.writeString(CLEAR_REFS, "5", StandardCharsets.US_ASCII);
      return true;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  /** Heap in use after a full collection requested with {@link System#gc()}. */
  static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long statusKib(String field) {
    try {
      for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
        if (line.startsWith(field)) {
          String v = line.substring(field.length()).strip();
          int space = v.indexOf(' ');
          return Long.parseLong(space < 0 ? v : v.substring(0, space)) * 1024;
        }
      }
    } catch (IOException | NumberFormatException | SecurityException e) {
      return -1;
    }
    return -1;
  }
}
