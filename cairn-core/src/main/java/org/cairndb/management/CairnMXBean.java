package org.cairndb.management;

import java.util.Map;

/**
 * The statistics of an open database as a JMX MXBean, registered under {@code
 * org.cairndb:type=Cairn,name=NAME} by {@link org.cairndb.Options.Builder#jmxName(String)} (or
 * {@link CairnManagement#register}). Every attribute is read from {@link
 * org.cairndb.Cairn#statistics()} when asked; the names and meanings are those of {@link
 * org.cairndb.Statistics}. Reading an attribute of a closed database fails with a {@link
 * org.cairndb.CairnException}. Implementations are thread-safe.
 */
public interface CairnMXBean {
  /** Every figure of {@link org.cairndb.Statistics#asMap()} by name. */
  Map<String, Long> getStatistics();

  /** A property of {@link org.cairndb.Cairn#property(String)}; null if unknown. */
  String getProperty(String name);

  long getUserBytesWritten();

  long getWalBytesWritten();

  long getFlushCount();

  long getFlushBytesWritten();

  long getCompactionCount();

  long getCompactionBytesRead();

  long getCompactionBytesWritten();

  long getPendingCompactionBytes();

  long getStallCount();

  long getGets();

  long getBlockCacheHits();

  long getBlockCacheMisses();

  long getSnapshotsOpen();

  long getMemoryTotal();

  long getLastSequence();

  long getLiveFiles();

  long getLiveSstBytes();

  /** Bytes written to storage per user byte written. */
  double getWriteAmplification();

  /** Live tables per level, level 0 first. */
  long[] getLevelFiles();

  /** Bytes of live tables per level, level 0 first. */
  long[] getLevelBytes();
}
