package org.cairndb.management;

import java.util.Map;
import java.util.function.ToLongFunction;
import org.cairndb.Cairn;
import org.cairndb.Statistics;

/**
 * The {@link CairnMXBean} of one database: each attribute takes a fresh {@link Statistics}.
 * Thread-safe (the database is). Holds the database until unregistered.
 */
final class CairnStatisticsMXBean implements CairnMXBean {
  private final Cairn db;

  CairnStatisticsMXBean(Cairn db) {
    this.db = db;
  }

  private long figure(ToLongFunction<Statistics> f) {
    return f.applyAsLong(db.statistics());
  }

  @Override
  public Map<String, Long> getStatistics() {
    return db.statistics().asMap();
  }

  @Override
  public String getProperty(String name) {
    return db.property(name);
  }

  @Override
  public long getUserBytesWritten() {
    return figure(Statistics::userBytesWritten);
  }

  @Override
  public long getWalBytesWritten() {
    return figure(Statistics::walBytesWritten);
  }

  @Override
  public long getFlushCount() {
    return figure(Statistics::flushCount);
  }

  @Override
  public long getFlushBytesWritten() {
    return figure(Statistics::flushBytesWritten);
  }

  @Override
  public long getCompactionCount() {
    return figure(Statistics::compactionCount);
  }

  @Override
  public long getCompactionBytesRead() {
    return figure(Statistics::compactionBytesRead);
  }

  @Override
  public long getCompactionBytesWritten() {
    return figure(Statistics::compactionBytesWritten);
  }

  @Override
  public long getPendingCompactionBytes() {
    return figure(Statistics::pendingCompactionBytes);
  }

  @Override
  public long getStallCount() {
    return figure(Statistics::stallCount);
  }

  @Override
  public long getGets() {
    return figure(Statistics::gets);
  }

  @Override
  public long getBlockCacheHits() {
    return figure(Statistics::blockCacheHits);
  }

  @Override
  public long getBlockCacheMisses() {
    return figure(Statistics::blockCacheMisses);
  }

  @Override
  public long getSnapshotsOpen() {
    return figure(Statistics::snapshotsOpen);
  }

  @Override
  public long getMemoryTotal() {
    return figure(Statistics::memoryTotal);
  }

  @Override
  public long getLastSequence() {
    return figure(Statistics::lastSequence);
  }

  @Override
  public long getLiveFiles() {
    return figure(Statistics::liveFiles);
  }

  @Override
  public long getLiveSstBytes() {
    return figure(Statistics::liveSstBytes);
  }

  @Override
  public double getWriteAmplification() {
    return db.statistics().writeAmplification();
  }

  @Override
  public long[] getLevelFiles() {
    return perLevel(Statistics::levelFiles);
  }

  @Override
  public long[] getLevelBytes() {
    return perLevel(Statistics::levelBytes);
  }

  /** A figure of each level of one statistics snapshot. */
  private interface LevelFigure {
    long at(Statistics s, int level);
  }

  private long[] perLevel(LevelFigure figure) {
    Statistics s = db.statistics();
    long[] out = new long[s.numLevels()];
    for (int i = 0; i < out.length; i++) {
      out[i] = figure.at(s, i);
    }
    return out;
  }
}
