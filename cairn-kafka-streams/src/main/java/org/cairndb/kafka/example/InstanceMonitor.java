package org.cairndb.kafka.example;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Watches one application instance and prints {@link AppEvent}s about it: its state and active
 * tasks whenever they change, each store partition's restoration, a summary once a restoration is
 * complete (all started partitions ended and the instance running), and the throughput once a given
 * number of records has been read.
 *
 * <p>Thread-safe: Kafka Streams calls the restore callbacks from its own threads, and {@link
 * #poll()} runs on a watcher thread; shared counters are guarded by this object's lock.
 */
final class InstanceMonitor implements StateRestoreListener {
  private final PrintStream out;
  private final LongAdder processed;
  private final long reportAfter;

  private KafkaStreams streams;
  private String lastTasks = "";
  private int restoring;
  private long restoredRecords;
  private long restoreStartNanos = -1;
  private long restoreEndNanos;
  private long firstRecordNanos = -1;
  private boolean throughputReported;

  InstanceMonitor(PrintStream out, LongAdder processed, long reportAfter) {
    this.out = out;
    this.processed = processed;
    this.reportAfter = reportAfter;
  }

  synchronized void attach(KafkaStreams streams) {
    this.streams = streams;
  }

  /** Checks the instance once and prints what changed; the watcher thread calls it often. */
  synchronized void poll() {
    if (streams == null) {
      return;
    }
    KafkaStreams.State state = streams.state();
    TreeSet<String> active = new TreeSet<>();
    if (state.isRunningOrRebalancing()) {
      for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
        thread.activeTasks().forEach(task -> active.add(task.taskId().toString()));
      }
    }
    String tasks = state + " " + String.join(",", active);
    if (!tasks.equals(lastTasks)) {
      lastTasks = tasks;
      print("tasks", "state", state.toString(), "active", String.join(",", active));
    }
    if (state == KafkaStreams.State.RUNNING && restoring == 0 && restoreStartNanos >= 0) {
      print(
          "restored",
          "records",
          Long.toString(restoredRecords),
          "ms",
          Long.toString((restoreEndNanos - restoreStartNanos) / 1_000_000));
      restoreStartNanos = -1;
      restoredRecords = 0;
    }
    long count = processed.sum();
    if (count > 0 && firstRecordNanos < 0) {
      firstRecordNanos = System.nanoTime();
    }
    if (reportAfter > 0 && !throughputReported && count >= reportAfter) {
      throughputReported = true;
      print(
          "processed",
          "records",
          Long.toString(count),
          "ms",
          Long.toString((System.nanoTime() - firstRecordNanos) / 1_000_000));
    }
  }

  @Override
  public synchronized void onRestoreStart(
      TopicPartition partition, String store, long startingOffset, long endingOffset) {
    if (restoreStartNanos < 0) {
      restoreStartNanos = System.nanoTime();
    }
    restoring++;
    print(
        "restore-start",
        "store",
        store,
        "partition",
        Integer.toString(partition.partition()),
        "from",
        Long.toString(startingOffset),
        "to",
        Long.toString(endingOffset));
  }

  @Override
  public void onBatchRestored(
      TopicPartition partition, String store, long batchEndOffset, long numRestored) {
    // Per-batch progress is not reported; the end of each partition is.
  }

  @Override
  public synchronized void onRestoreEnd(TopicPartition partition, String store, long total) {
    ended(partition, store, total, "restore-end");
  }

  @Override
  public synchronized void onRestoreSuspended(TopicPartition partition, String store, long total) {
    ended(partition, store, total, "restore-suspended");
  }

  private void ended(TopicPartition partition, String store, long total, String kind) {
    restoring--;
    restoredRecords += total;
    restoreEndNanos = System.nanoTime();
    print(
        kind,
        "store",
        store,
        "partition",
        Integer.toString(partition.partition()),
        "records",
        Long.toString(total));
  }

  /** Prints an event: {@code nameValues} alternates attribute names and values. */
  void print(String kind, String... nameValues) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i + 1 < nameValues.length; i += 2) {
      fields.put(nameValues[i], nameValues[i + 1]);
    }
    out.println(new AppEvent(kind, fields).format());
    out.flush();
  }
}
