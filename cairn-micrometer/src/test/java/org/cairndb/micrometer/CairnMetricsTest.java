package org.cairndb.micrometer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.cairndb.Cairn;
import org.cairndb.CairnException;
import org.cairndb.Options;
import org.cairndb.Statistics;
import org.cairndb.fs.MemVfs;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The binder against a {@link SimpleMeterRegistry}: one meter per statistic with the right type,
 * name, tags and unit; values that follow the database; NaN once it is closed; and no reference
 * that keeps a closed database from being collected.
 */
class CairnMetricsTest {
  private static final Path DIR = Path.of("/db");

  private static Cairn open(MemVfs vfs) {
    return Cairn.open(DIR, Options.builder().vfs(vfs).memtableBytes(1 << 20).build());
  }

  private static double counter(MeterRegistry r, String name) {
    return r.get(name).tag("db", "orders").functionCounter().count();
  }

  private static double gauge(MeterRegistry r, String name) {
    return r.get(name).tag("db", "orders").gauge().value();
  }

  @Test
  void oneMeterPerStatisticWithItsTypeTagsAndUnit() {
    MeterRegistry r = new SimpleMeterRegistry();
    try (Cairn db = open(new MemVfs())) {
      new CairnMetrics(db, "orders").bindTo(r);
      Statistics s = db.statistics();
      Set<String> expected = new HashSet<>();
      for (String name : s.asMap().keySet()) {
        MeterName m = MeterName.of(name);
        Meter meter = r.get(CairnMetrics.PREFIX + m.base()).tags(m.tags()).meter();
        assertEquals(
            s.counters().contains(name),
            meter instanceof FunctionCounter,
            name + " is " + meter.getClass());
        assertTrue(meter instanceof FunctionCounter || meter instanceof Gauge, name);
        assertEquals("orders", meter.getId().getTag("db"), name);
        expected.add(meter.getId().toString());
      }
      expected.add(r.get("cairn.write.amplification").gauge().getId().toString());
      Set<String> registered = new HashSet<>();
      r.getMeters().forEach(m -> registered.add(m.getId().toString()));
      assertEquals(expected, registered);

      Gauge l3 = r.get("cairn.files").tag("level", "3").gauge();
      assertEquals(0.0, l3.value());
      assertEquals(
          "bytes", r.get("cairn.sst.bytes").tag("level", "0").gauge().getId().getBaseUnit());
      assertEquals(
          "bytes", r.get("cairn.flush.bytes.written").functionCounter().getId().getBaseUnit());
      assertEquals(
          "milliseconds", r.get("cairn.stall.millis").functionCounter().getId().getBaseUnit());
      assertNull(r.get("cairn.gets").functionCounter().getId().getBaseUnit());
    }
  }

  @Test
  void perLevelNamesBecomeALevelTag() {
    assertEquals(new MeterName("files", Tags.of("level", "3")), MeterName.of("files.L3"));
    assertEquals(
        new MeterName("gets.served", Tags.of("level", "12")), MeterName.of("gets.served.L12"));
    for (String plain : new String[] {"files.live", "a.L", "a.Lx", "a.l3", "L3", "gets"}) {
      assertEquals(new MeterName(plain, Tags.empty()), MeterName.of(plain), plain);
    }
  }

  @Test
  void customTags() {
    MeterRegistry r = new SimpleMeterRegistry();
    try (Cairn db = open(new MemVfs())) {
      new CairnMetrics(db, Tags.of("service", "billing", "shard", "7")).bindTo(r);
      FunctionCounter c =
          r.get("cairn.gets").tags("service", "billing", "shard", "7").functionCounter();
      assertEquals(0.0, c.count());
      assertEquals(1, r.find("cairn.gets").functionCounters().size());
    }
  }

  @RepeatedTest(3)
  void metersFollowTheDatabase() {
    long seed = Long.getLong("cairn.seed", System.nanoTime());
    Random rnd = new Random(seed);
    String ctx = "seed " + seed;
    MeterRegistry r = new SimpleMeterRegistry();
    Cairn db = open(new MemVfs());
    try (db) {
      new CairnMetrics(db, "orders").bindTo(r);
      assertEquals(0.0, counter(r, "cairn.user.bytes.written"), ctx);
      int n = 100 + rnd.nextInt(400);
      for (int i = 0; i < n; i++) {
        db.put(String.format(Locale.ROOT, "k%05d", i).getBytes(UTF_8), new byte[rnd.nextInt(100)]);
      }
      int reads = 1 + rnd.nextInt(20);
      for (int i = 0; i < reads; i++) {
        db.get(String.format(Locale.ROOT, "k%05d", rnd.nextInt(n)).getBytes(UTF_8));
      }
      assertEquals(n, counter(r, "cairn.sequence.last"), ctx);
      assertEquals(reads, counter(r, "cairn.gets"), ctx);
      assertEquals(reads, counter(r, "cairn.gets.served.memtable"), ctx);
      assertEquals(
          (double) db.statistics().userBytesWritten(), counter(r, "cairn.user.bytes.written"), ctx);
      assertTrue(gauge(r, "cairn.memory.memtable.active") > 0, ctx);

      db.flush();
      assertEquals(1.0, counter(r, "cairn.flush.count"), ctx);
      assertEquals(1.0, r.get("cairn.files").tag("level", "0").gauge().value(), ctx);
      assertEquals(1.0, gauge(r, "cairn.files.live"), ctx);
      assertTrue(gauge(r, "cairn.write.amplification") > 1, ctx);

      db.compactRange(null, null);
      assertEquals(0.0, r.get("cairn.files").tag("level", "0").gauge().value(), ctx);
      assertTrue(counter(r, "cairn.compaction.count") >= 1, ctx);
      assertEquals(gauge(r, "cairn.sst.bytes.live"), (double) db.statistics().liveSstBytes(), ctx);
    }
    try {
      // Closed: every meter reads NaN instead of failing the scrape.
      for (Meter m : r.getMeters()) {
        double v = m instanceof FunctionCounter c ? c.count() : ((Gauge) m).value();
        assertTrue(Double.isNaN(v), m.getId() + " = " + v);
      }
    } finally {
      // Closed but not yet collected is what this checks (the meters hold it weakly).
      Reference.reachabilityFence(db);
    }
  }

  @Test
  void bindingAClosedDatabaseFails() {
    Cairn db = open(new MemVfs());
    CairnMetrics metrics = new CairnMetrics(db, "orders");
    db.close();
    assertThrows(CairnException.class, () -> metrics.bindTo(new SimpleMeterRegistry()));
  }

  /** Opens, binds, writes and closes a database; returns only a weak reference to it. */
  private static WeakReference<Cairn> boundAndClosed(MeterRegistry r, CairnMetrics[] keep) {
    Cairn db = open(new MemVfs());
    keep[0] = new CairnMetrics(db, "orders");
    keep[0].bindTo(r);
    db.put("k".getBytes(UTF_8), "v".getBytes(UTF_8));
    db.close();
    return new WeakReference<>(db);
  }

  @Test
  void metersDoNotKeepAClosedDatabaseAlive() throws InterruptedException {
    MeterRegistry r = new SimpleMeterRegistry();
    CairnMetrics[] keep = new CairnMetrics[1];
    WeakReference<Cairn> ref = boundAndClosed(r, keep);
    // The registry and the binder are still reachable; the database must not be.
    for (int i = 0; i < 100 && ref.get() != null; i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertNull(ref.get(), "the registry or binder keeps the closed database reachable");
    assertTrue(Double.isNaN(gauge(r, "cairn.files.live")));
    assertTrue(keep[0] != null && !r.getMeters().isEmpty());
    assertThrows(CairnException.class, () -> keep[0].bindTo(new SimpleMeterRegistry()));
  }
}
