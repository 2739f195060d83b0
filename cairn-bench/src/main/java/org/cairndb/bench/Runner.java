package org.cairndb.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Runs the configured workloads, in order, on one engine: the fill workloads start a fresh
 * database, the others use the database as the previous workloads left it (db_bench with {@code
 * use_existing_db=false}). Each workload's random choices depend only on the seed and its position
 * in the list, so every engine sees the same keys in the same order.
 */
final class Runner {
  /** What the benchmark knows about which keys of [0, num) are present. */
  enum KeyState {
    EMPTY,
    ALL_PRESENT,
    PARTIAL
  }

  /** Everything one engine produced. */
  record EngineRun(
      String name,
      String displayName,
      Map<String, String> settings,
      List<Result> results,
      String stats) {}

  /** Per-thread counters and latencies. */
  private static final class Tally {
    final Histogram hist = new Histogram(3);
    long ops;
    long bytes;
    long found;
    long bad;
    String badDetail;

    void record(long nanos) {
      hist.recordValue(nanos);
    }

    void bad(String detail) {
      if (bad++ == 0) {
        badDetail = detail;
      }
    }

    void add(Tally o) {
      hist.add(o.hist);
      ops += o.ops;
      bytes += o.bytes;
      found += o.found;
      if (bad == 0 && o.bad > 0) {
        badDetail = o.badDetail;
      }
      bad += o.bad;
    }
  }

  private record Measured(Tally tally, long elapsedNanos, int threads, String note) {}

  @FunctionalInterface
  private interface ThreadBody {
    Tally run(int thread);
  }

  private static final int SEEK_NEXTS = 10;
  private static final long SETTLE_POLL_MILLIS = 50;
  private static final long SETTLE_QUIET_MILLIS = 500;
  private static final long SETTLE_MAX_MILLIS = 5000;

  private final BenchConfig cfg;
  private final PrintStream progress;
  private final Progress bar;
  private final int ks;
  private final int vs;
  private final long num;
  private final Keys.Values values;
  private Engine engine;
  private Path dir;
  private boolean open;
  private KeyState state = KeyState.EMPTY;

  Runner(BenchConfig cfg, PrintStream progress, Progress bar) {
    this.cfg = cfg;
    this.progress = progress;
    this.bar = bar;
    this.ks = cfg.keySize;
    this.vs = cfg.valueSize;
    this.num = cfg.num;
    this.values = new Keys.Values(cfg.seed, cfg.valueSize, cfg.compressionRatio);
  }

  /** Runs every configured workload on the engine {@code name}, in {@code dir} (created fresh). */
  EngineRun run(String name, Path dir) {
    this.dir = dir;
    List<Result> results = new ArrayList<>();
    try {
      engine = Engine.create(name, cfg);
    } catch (RuntimeException | LinkageError e) {
      for (String b : cfg.benchmarks) {
        results.add(Result.failed(b, name, "engine unavailable: " + e));
      }
      return new EngineRun(name, name, Map.of(), results, "");
    }
    String stats = "";
    try {
      DiskUsage.deleteRecursively(dir);
      for (int i = 0; i < cfg.benchmarks.size(); i++) {
        Result r = runOne(Workload.of(cfg.benchmarks.get(i)), i);
        results.add(r);
        log(r);
      }
      if (open) {
        stats = engine.stats();
      }
    } catch (IOException | RuntimeException e) {
      stats = "failed: " + e;
    } finally {
      closeQuietly();
      try {
        if (!cfg.keep) {
          DiskUsage.deleteRecursively(dir);
        }
      } catch (IOException e) {
        progress.println("[" + name + "] could not delete " + dir + ": " + e);
      }
    }
    return new EngineRun(
        name, engine.displayName(), engine.settings(), List.copyOf(results), stats);
  }

  private Result runOne(Workload w, int index) {
    String unsupported = engine.unsupported(w);
    if (unsupported != null) {
      return Result.unsupported(w.id, engine.name(), unsupported);
    }
    try {
      if (w.fresh) {
        closeQuietly();
        DiskUsage.deleteRecursively(dir);
        state = KeyState.EMPTY;
      }
      if (!open) {
        engine.open(dir);
        open = true;
      }
      long seed = cfg.seed * 1_000_003L + 7919L * index;
      KeyState before = state;
      long gcBefore = gcMillis();
      bar.begin(String.format(Locale.ROOT, "[%s] %-16s", engine.name(), w.id), expectedOps(w));
      Measured m;
      try {
        m = measure(w, seed);
      } finally {
        bar.end();
      }
      long gc = gcMillis() - gcBefore;
      state = after(w, before);
      long expected = expectedFound(w, before, m);
      String error = null;
      if (m.tally.bad > 0) {
        error = "verification failed: " + m.tally.bad + " bad entries, first: " + m.tally.badDetail;
      } else if (expected >= 0 && m.tally.found != expected) {
        error =
            "verification failed: found "
                + m.tally.found
                + ", expected "
                + expected
                + " (key state "
                + before
                + ")";
      }
      long disk = w.writes ? engine.bytesOnDisk() : -1;
      String note = m.note;
      if (w == Workload.COMPACT) {
        // Some engines delete the compaction's input files shortly after compactRange returns;
        // report the settled footprint (what the compaction achieved) and the immediate one.
        long settled = settle(disk);
        note =
            String.format(
                Locale.ROOT,
                "disk settled (unchanged for %d ms, at most %d s); when compact returned: %.1f MiB",
                SETTLE_QUIET_MILLIS,
                SETTLE_MAX_MILLIS / 1000,
                disk / 1048576.0);
        disk = settled;
      }
      double writeAmp = w.writes ? engine.writeAmplification() : Double.NaN;
      // After the fills only: the collection this needs would disturb the engine's background
      // work between the other workloads for no new information.
      long heap = w.fresh ? MemoryProbe.heapAfterGc() : -1;
      long rss = MemoryProbe.peakRssBytes();
      Histogram h = m.tally.hist;
      boolean reads = !w.writes;
      return new Result(
          w.id,
          engine.name(),
          m.threads,
          m.tally.ops,
          m.elapsedNanos,
          m.tally.bytes,
          reads ? m.tally.found : -1,
          reads ? expected : -1,
          h.getValueAtPercentile(50),
          h.getValueAtPercentile(99),
          h.getValueAtPercentile(99.9),
          h.getMaxValue(),
          h.getTotalCount() == 0 ? 0 : h.getMean(),
          disk,
          writeAmp,
          rss,
          heap,
          gc,
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
          LatencyPoint.of(h),
          note,
          error,
          false);
    } catch (IOException | RuntimeException e) {
      state = KeyState.PARTIAL;
      return Result.failed(w.id, engine.name(), e.toString());
    }
  }

  /** Polls the footprint until it stays the same for a while (at most a few seconds). */
  private long settle(long first) throws IOException {
    long last = first;
    long deadline = System.nanoTime() + SETTLE_MAX_MILLIS * 1_000_000L;
    long quietSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      sleepUninterruptibly(SETTLE_POLL_MILLIS);
      long now = engine.bytesOnDisk();
      if (now != last) {
        last = now;
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince >= SETTLE_QUIET_MILLIS * 1_000_000L) {
        break;
      }
    }
    return last;
  }

  private static void sleepUninterruptibly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Total collection time reported by the JVM's garbage collectors so far. */
  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  private static KeyState after(Workload w, KeyState before) {
    return switch (w) {
      case FILLSEQ, FILLBATCH, FILLRANDOM -> KeyState.ALL_PRESENT;
      case OVERWRITE, READWHILEWRITING -> before == KeyState.EMPTY ? KeyState.PARTIAL : before;
      case DELETERANDOM -> before == KeyState.EMPTY ? KeyState.EMPTY : KeyState.PARTIAL;
      default -> before;
    };
  }

  private long expectedFound(Workload w, KeyState before, Measured m) {
    long ops = m.tally.ops;
    return switch (w) {
      case READMISSING -> 0;
      case READRANDOM, READRANDOM_MT, SEEKRANDOM ->
          before == KeyState.ALL_PRESENT ? ops : (before == KeyState.EMPTY ? 0 : -1);
      case READWHILEWRITING -> before == KeyState.ALL_PRESENT ? ops : -1;
      case READSEQ, READREVERSE ->
          before == KeyState.ALL_PRESENT
              ? Math.min(cfg.reads, num)
              : (before == KeyState.EMPTY ? 0 : -1);
      default -> -1;
    };
  }

  private Measured measure(Workload w, long seed) throws IOException {
    return switch (w) {
      case FILLSEQ -> fill(seed, false);
      case FILLRANDOM -> fill(seed, true);
      case FILLBATCH -> fillBatch(seed);
      case OVERWRITE -> overwrite(seed);
      case READRANDOM -> parallel(1, t -> readRandom(seed, t, cfg.reads, false));
      case READMISSING -> parallel(1, t -> readRandom(seed, t, cfg.reads, true));
      case READSEQ -> scan(false);
      case READREVERSE -> scan(true);
      case SEEKRANDOM -> parallel(1, t -> seekRandom(seed, t, cfg.reads));
      case READRANDOM_MT ->
          parallel(cfg.threads, t -> readRandom(seed, t, share(cfg.reads, cfg.threads, t), false));
      case READWHILEWRITING -> readWhileWriting(seed);
      case DELETERANDOM -> deleteRandom(seed);
      case COMPACT -> compact();
    };
  }

  /** Operations the progress bar counts towards for {@code w}; 0 when not known in advance. */
  private long expectedOps(Workload w) {
    return switch (w) {
      case FILLSEQ, FILLRANDOM, FILLBATCH, OVERWRITE, DELETERANDOM -> num;
      case READRANDOM, READMISSING, SEEKRANDOM, READRANDOM_MT, READWHILEWRITING -> cfg.reads;
      case READSEQ, READREVERSE -> Math.min(cfg.reads, num);
      case COMPACT -> 0;
    };
  }

  /** Thread {@code t}'s part of {@code total} operations split over {@code n} threads. */
  private static long share(long total, int n, int t) {
    return total / n + (t < total % n ? 1 : 0);
  }

  private Measured fill(long seed, boolean random) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] perm = random ? Keys.permutation((int) num, rnd.split()) : null;
    Tally t = new Tally();
    long start = System.nanoTime();
    for (int i = 0; i < num; i++) {
      byte[] key = Keys.key(perm == null ? i : perm[i], ks);
      byte[] value = values.next(rnd);
      long t0 = System.nanoTime();
      engine.put(key, value);
      t.record(System.nanoTime() - t0);
      if ((i & (Progress.STEP - 1)) == Progress.STEP - 1) {
        bar.add(Progress.STEP);
      }
    }
    long elapsed = System.nanoTime() - start;
    t.ops = num;
    t.bytes = num * (ks + vs);
    return new Measured(t, elapsed, 1, random ? "every key once, shuffled" : "");
  }

  private Measured fillBatch(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int batch = cfg.batchSize;
    byte[][] keys = new byte[batch][];
    byte[][] vals = new byte[batch][];
    Tally t = new Tally();
    long start = System.nanoTime();
    for (long i = 0; i < num; ) {
      int n = (int) Math.min(batch, num - i);
      for (int j = 0; j < n; j++) {
        keys[j] = Keys.key(i + j, ks);
        vals[j] = values.next(rnd);
      }
      long t0 = System.nanoTime();
      engine.writeBatch(keys, vals, n);
      t.record(System.nanoTime() - t0);
      bar.add(n);
      i += n;
    }
    long elapsed = System.nanoTime() - start;
    t.ops = num;
    t.bytes = num * (ks + vs);
    return new Measured(t, elapsed, 1, "latency per batch of " + batch);
  }

  private Measured overwrite(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Tally t = new Tally();
    long start = System.nanoTime();
    for (long i = 0; i < num; i++) {
      byte[] key = Keys.key(rnd.nextLong(num), ks);
      byte[] value = values.next(rnd);
      long t0 = System.nanoTime();
      engine.put(key, value);
      t.record(System.nanoTime() - t0);
      if ((i & (Progress.STEP - 1)) == Progress.STEP - 1) {
        bar.add(Progress.STEP);
      }
    }
    long elapsed = System.nanoTime() - start;
    t.ops = num;
    t.bytes = num * (ks + vs);
    return new Measured(t, elapsed, 1, "");
  }

  private Measured deleteRandom(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Tally t = new Tally();
    long start = System.nanoTime();
    for (long i = 0; i < num; i++) {
      byte[] key = Keys.key(rnd.nextLong(num), ks);
      long t0 = System.nanoTime();
      engine.delete(key);
      t.record(System.nanoTime() - t0);
      if ((i & (Progress.STEP - 1)) == Progress.STEP - 1) {
        bar.add(Progress.STEP);
      }
    }
    long elapsed = System.nanoTime() - start;
    t.ops = num;
    t.bytes = num * ks;
    return new Measured(t, elapsed, 1, "");
  }

  private Measured compact() {
    Tally t = new Tally();
    long start = System.nanoTime();
    engine.compactAll();
    long elapsed = System.nanoTime() - start;
    t.record(elapsed);
    t.ops = 1;
    return new Measured(t, elapsed, 1, "");
  }

  private Tally readRandom(long seed, int thread, long ops, boolean missing) {
    SplittableRandom rnd = new SplittableRandom(seed + 31L * thread);
    Tally t = new Tally();
    for (long i = 0; i < ops; i++) {
      long k = rnd.nextLong(num);
      byte[] key = missing ? Keys.missingKey(k, ks) : Keys.key(k, ks);
      long t0 = System.nanoTime();
      byte[] v = engine.get(key);
      t.record(System.nanoTime() - t0);
      if ((i & (Progress.STEP - 1)) == Progress.STEP - 1) {
        bar.add(Progress.STEP);
      }
      if (v != null) {
        t.found++;
        t.bytes += key.length + v.length;
        if (v.length != vs) {
          t.bad("key " + k + ": value of " + v.length + " bytes, expected " + vs);
        }
      }
    }
    t.ops = ops;
    return t;
  }

  private Tally seekRandom(long seed, int thread, long ops) {
    SplittableRandom rnd = new SplittableRandom(seed + 31L * thread);
    Tally t = new Tally();
    try (Engine.Scanner s = engine.newScanner()) {
      for (long i = 0; i < ops; i++) {
        byte[] target = Keys.key(rnd.nextLong(num), ks);
        long t0 = System.nanoTime();
        s.seek(target);
        boolean hit = s.isValid() && Arrays.equals(s.key(), target);
        long bytes = 0;
        for (int j = 0; j < SEEK_NEXTS + 1 && s.isValid(); j++) {
          bytes += s.key().length + s.value().length;
          s.next();
        }
        t.record(System.nanoTime() - t0);
        if ((i & (Progress.STEP - 1)) == Progress.STEP - 1) {
          bar.add(Progress.STEP);
        }
        t.bytes += bytes;
        if (hit) {
          t.found++;
        }
      }
    }
    t.ops = ops;
    return t;
  }

  private Measured scan(boolean reverse) {
    Tally t = new Tally();
    long limit = cfg.reads;
    byte[] prev = null;
    long start = System.nanoTime();
    try (Engine.Scanner s = engine.newScanner()) {
      if (reverse) {
        s.seekToLast();
      } else {
        s.seekToFirst();
      }
      while (t.ops < limit && s.isValid()) {
        long t0 = System.nanoTime();
        byte[] k = s.key();
        byte[] v = s.value();
        if (reverse) {
          s.prev();
        } else {
          s.next();
        }
        t.record(System.nanoTime() - t0);
        t.ops++;
        if ((t.ops & (Progress.STEP - 1)) == 0) {
          bar.add(Progress.STEP);
        }
        t.found++;
        t.bytes += k.length + v.length;
        if (prev != null) {
          int c = Arrays.compareUnsigned(prev, k);
          if (reverse ? c <= 0 : c >= 0) {
            t.bad("keys out of order at entry " + t.ops);
          }
        }
        if (v.length != vs) {
          t.bad("entry " + t.ops + ": value of " + v.length + " bytes, expected " + vs);
        }
        prev = k;
      }
    }
    long elapsed = System.nanoTime() - start;
    return new Measured(t, elapsed, 1, "");
  }

  private Measured readWhileWriting(long seed) {
    int readers = Math.max(1, cfg.threads - 1);
    Tally writes = new Tally();
    AtomicReference<Throwable> writerFailure = new AtomicReference<>();
    AtomicBoolean stop = new AtomicBoolean();
    Thread writer =
        new Thread(
            () -> {
              SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
              try {
                while (!stop.get()) {
                  for (int i = 0; i < 64; i++) {
                    byte[] key = Keys.key(rnd.nextLong(num), ks);
                    byte[] value = values.next(rnd);
                    long t0 = System.nanoTime();
                    engine.put(key, value);
                    writes.record(System.nanoTime() - t0);
                    writes.ops++;
                  }
                }
              } catch (Throwable e) {
                writerFailure.set(e);
              }
            },
            "bench-writer");
    long writerStart = System.nanoTime();
    writer.start();
    Measured m;
    try {
      m = parallel(readers, t -> readRandom(seed, t, share(cfg.reads, readers, t), false));
    } finally {
      stop.set(true);
      joinUninterruptibly(writer);
    }
    long writerElapsed = System.nanoTime() - writerStart;
    if (writerFailure.get() != null) {
      throw new IllegalStateException("writer failed: " + writerFailure.get(), writerFailure.get());
    }
    String note =
        String.format(
            Locale.ROOT,
            "%d reader(s) + 1 writer; writer %,.0f puts/s, p99 %s",
            readers,
            writes.ops * 1e9 / writerElapsed,
            Report.micros(writes.hist.getValueAtPercentile(99)));
    return new Measured(m.tally, m.elapsedNanos, readers + 1, note);
  }

  /** Runs {@code body} on {@code n} threads started together; the wall time spans all of them. */
  private Measured parallel(int n, ThreadBody body) {
    Tally[] tallies = new Tally[n];
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch ready = new CountDownLatch(n);
    CountDownLatch go = new CountDownLatch(1);
    Thread[] threads = new Thread[n];
    for (int i = 0; i < n; i++) {
      int index = i;
      threads[i] =
          new Thread(
              () -> {
                ready.countDown();
                try {
                  go.await();
                  tallies[index] = body.run(index);
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              },
              "bench-" + i);
      threads[i].start();
    }
    awaitUninterruptibly(ready);
    long start = System.nanoTime();
    go.countDown();
    for (Thread t : threads) {
      joinUninterruptibly(t);
    }
    long elapsed = System.nanoTime() - start;
    if (failure.get() != null) {
      throw new IllegalStateException(failure.get().toString(), failure.get());
    }
    Tally total = new Tally();
    for (Tally t : tallies) {
      total.add(t);
    }
    return new Measured(total, elapsed, n, "");
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void joinUninterruptibly(Thread t) {
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void closeQuietly() {
    if (open) {
      open = false;
      try {
        engine.close();
      } catch (RuntimeException e) {
        progress.println("[" + engine.name() + "] close failed: " + e);
      }
    }
  }

  private void log(Result r) {
    if (cfg.quiet) {
      return;
    }
    if (r.unsupported()) {
      progress.printf(
          Locale.ROOT, "[%s] %-16s unsupported: %s%n", r.engine(), r.benchmark(), r.note());
    } else if (r.error() != null) {
      progress.printf(Locale.ROOT, "[%s] %-16s ERROR: %s%n", r.engine(), r.benchmark(), r.error());
    } else {
      progress.printf(
          Locale.ROOT,
          "[%s] %-16s %,12d ops %8.2f s %,12.0f ops/s  p50 %s  p99 %s  load %.1f%s%s%n",
          r.engine(),
          r.benchmark(),
          r.ops(),
          r.elapsedNanos() / 1e9,
          r.opsPerSec(),
          Report.micros(r.p50Nanos()),
          Report.micros(r.p99Nanos()),
          r.loadAverage(),
          r.diskBytes() >= 0
              ? String.format(Locale.ROOT, "  disk %.1f MiB", r.diskBytes() / 1048576.0)
              : "",
          Double.isNaN(r.writeAmplification())
              ? ""
              : String.format(Locale.ROOT, "  W-amp %.2f", r.writeAmplification()));
    }
    progress.flush();
  }
}
