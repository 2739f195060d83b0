package org.cairndb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.cairndb.fs.MemVfs;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * {@link Cairn#statistics()}: the same figures as the text properties, values that follow writes,
 * reads, flushes and compactions, and the contract of the {@link Statistics} value itself.
 */
class StatisticsTest {
  private static final Path DIR = Path.of("/db");

  private static Options options(MemVfs vfs) {
    return Options.builder().vfs(vfs).memtableBytes(1 << 20).build();
  }

  /** {@code name value} lines of a text property. */
  private static Map<String, String> lines(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : text.lines().toList()) {
      int sp = line.indexOf(' ');
      out.put(line.substring(0, sp), line.substring(sp + 1));
    }
    return out;
  }

  @Test
  void holdsTheTextPropertiesFiguresUnderTheSameNames() {
    MemVfs vfs = new MemVfs();
    try (Cairn db = Cairn.open(DIR, options(vfs))) {
      for (int i = 0; i < 500; i++) {
        db.put(("k" + i).getBytes(UTF_8), ("v" + i).getBytes(UTF_8));
      }
      db.flush();
      db.get("k7".getBytes(UTF_8));
      // Below every trigger nothing but the cleanup of the flushed log runs in the background:
      // read until the statistics before and after the text properties agree, so both are taken
      // of the same state.
      Statistics s;
      Map<String, String> stats;
      Map<String, String> memory;
      int tries = 0;
      while (true) {
        s = db.statistics();
        stats = lines(db.property("cairn.stats"));
        memory = lines(db.property("cairn.memory"));
        if (s.asMap().equals(db.statistics().asMap()) || ++tries == 100) {
          break;
        }
        sleep(10);
      }

      Set<String> expected = new HashSet<>();
      for (Map.Entry<String, String> e : stats.entrySet()) {
        if (e.getKey().equals(Statistics.WRITE_AMPLIFICATION)) {
          assertEquals(
              e.getValue(),
              String.format(Locale.ROOT, "%.2f", s.writeAmplification()),
              s::toString);
          continue;
        }
        assertEquals(Long.parseLong(e.getValue()), s.get(e.getKey()), e.getKey());
        expected.add(e.getKey());
      }
      for (Map.Entry<String, String> e : memory.entrySet()) {
        String name = e.getKey().startsWith("memory.") ? e.getKey() : "memory." + e.getKey();
        assertEquals(Long.parseLong(e.getValue()), s.get(name), name);
        expected.add(name);
      }
      assertEquals(Long.parseLong(db.property("cairn.sequence")), s.lastSequence());
      assertEquals(Long.parseLong(db.property("cairn.num-files")), s.liveFiles());
      assertEquals(
          Long.parseLong(db.property("cairn.pending-compaction-bytes")),
          s.pendingCompactionBytes());
      expected.addAll(
          List.of(
              Statistics.SEQUENCE_LAST,
              Statistics.FILES_LIVE,
              Statistics.COMPACTION_PENDING_BYTES));
      for (int level = 0; level < s.numLevels(); level++) {
        assertEquals(
            Long.parseLong(db.property("cairn.num-files-at-level" + level)),
            s.levelFiles(level),
            "level " + level);
        expected.add(Statistics.FILES_AT_LEVEL + level);
        expected.add(Statistics.SST_BYTES_AT_LEVEL + level);
      }
      assertEquals(7, s.numLevels());
      // Exactly these figures: nothing lost to a name collision, nothing unlisted.
      assertEquals(expected, s.asMap().keySet());
      assertEquals(Set.of(Statistics.WRITE_AMPLIFICATION), s.ratios().keySet());
      assertTrue(s.counters().contains(Statistics.GETS));
      assertTrue(s.counters().contains("gets.served.L0"));
      assertFalse(s.counters().contains(Statistics.SST_BYTES_LIVE));
      assertFalse(s.counters().contains(Statistics.MEMORY_TOTAL));
      assertFalse(s.counters().contains(Statistics.FILES_AT_LEVEL + 0));
    }
  }

  @RepeatedTest(3)
  void figuresFollowWritesReadsFlushesAndCompactions() {
    long seed = Seeds.seed();
    Random rnd = new Random(seed);
    String ctx = "seed " + seed;
    MemVfs vfs = new MemVfs();
    try (Cairn db = Cairn.open(DIR, options(vfs))) {
      Statistics empty = db.statistics();
      assertEquals(0, empty.userBytesWritten(), ctx);
      assertEquals(0, empty.flushCount(), ctx);
      assertEquals(0, empty.liveFiles(), ctx);
      assertEquals(0, empty.gets(), ctx);
      assertEquals(0.0, empty.writeAmplification(), ctx);

      int n = 200 + rnd.nextInt(800);
      long payload = 0;
      for (int i = 0; i < n; i++) {
        byte[] k = String.format(Locale.ROOT, "key%06d", i).getBytes(UTF_8);
        byte[] v = new byte[rnd.nextInt(200)];
        rnd.nextBytes(v);
        db.put(k, v);
        payload += k.length + v.length;
      }
      Statistics written = db.statistics();
      assertTrue(written.userBytesWritten() >= payload, ctx + "\n" + written);
      assertTrue(written.walBytesWritten() >= written.userBytesWritten(), ctx + "\n" + written);
      assertEquals(empty.lastSequence() + n, written.lastSequence(), ctx);
      assertTrue(written.get("memory.memtable.active") > payload, ctx + "\n" + written);
      assertEquals(0, written.flushCount(), ctx);

      int reads = 1 + rnd.nextInt(50);
      for (int i = 0; i < reads; i++) {
        db.get(String.format(Locale.ROOT, "key%06d", rnd.nextInt(n)).getBytes(UTF_8));
      }
      Statistics read = db.statistics();
      assertEquals(reads, read.gets(), ctx);
      assertEquals(reads, read.get("gets.served.memtable"), ctx);

      db.flush();
      Statistics flushed = db.statistics();
      assertEquals(1, flushed.flushCount(), ctx);
      assertEquals(1, flushed.liveFiles(), ctx);
      assertEquals(1, flushed.levelFiles(0), ctx);
      assertTrue(flushed.flushBytesWritten() > 0, ctx);
      assertEquals(flushed.levelBytes(0), flushed.liveSstBytes(), ctx);
      assertTrue(flushed.writeAmplification() > 1, ctx + "\n" + flushed);
      assertTrue(
          flushed.get("memory.memtable.active") < written.get("memory.memtable.active"), ctx);

      Snapshot snap = db.snapshot();
      assertEquals(1, db.statistics().snapshotsOpen(), ctx);
      snap.close();
      assertEquals(0, db.statistics().snapshotsOpen(), ctx);

      db.compactRange(null, null);
      Statistics compacted = db.statistics();
      assertTrue(compacted.compactionCount() >= 1, ctx + "\n" + compacted);
      assertEquals(0, compacted.levelFiles(0), ctx + "\n" + compacted);
      long deeper = 0;
      for (int level = 1; level < compacted.numLevels(); level++) {
        deeper += compacted.levelFiles(level);
      }
      assertEquals(compacted.liveFiles(), deeper, ctx + "\n" + compacted);
      assertTrue(compacted.liveFiles() >= 1, ctx + "\n" + compacted);
      // Counters never go back.
      for (String c : flushed.counters()) {
        assertTrue(compacted.get(c) >= flushed.get(c), ctx + ": " + c);
      }
    }
  }

  @Test
  void closedDatabaseThrowsCairnExceptionLikeEveryOtherCall() {
    Cairn db = Cairn.open(DIR, options(new MemVfs()));
    db.close();
    assertThrows(CairnException.class, db::statistics);
    assertThrows(CairnException.class, () -> db.property("cairn.stats"));
  }

  @Test
  void valueContract() {
    Map<String, Long> figures = new LinkedHashMap<>();
    figures.put("b", 2L);
    figures.put("a", 1L);
    figures.put(Statistics.FILES_AT_LEVEL + 0, 3L);
    figures.put(Statistics.FILES_AT_LEVEL + 1, 4L);
    Statistics s =
        new Statistics(figures, Set.of("a"), Map.of(Statistics.WRITE_AMPLIFICATION, 2.5));
    figures.put("c", 5L);
    assertEquals(List.of("b", "a", "files.L0", "files.L1"), List.copyOf(s.asMap().keySet()));
    assertThrows(UnsupportedOperationException.class, () -> s.asMap().put("x", 1L));
    assertThrows(UnsupportedOperationException.class, () -> s.counters().add("b"));
    assertEquals(2, s.get("b"));
    assertEquals(7, s.get("nope", 7));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.get("nope"));
    assertTrue(e.getMessage().contains("nope"), e.getMessage());
    assertEquals(2, s.numLevels());
    assertEquals(4, s.levelFiles(1));
    assertThrows(IllegalArgumentException.class, () -> s.levelFiles(2));
    assertEquals(2.5, s.writeAmplification());
    assertEquals(0, s.blockCacheHits());
    assertEquals(
        s, new Statistics(s.asMap(), s.counters(), Map.of(Statistics.WRITE_AMPLIFICATION, 2.5)));
    assertEquals(
        s.hashCode(),
        new Statistics(s.asMap(), s.counters(), s.ratios()).hashCode(),
        "equal values hash alike");
    assertTrue(s.toString().contains("files.L1 4\n"), s::toString);
    assertThrows(
        IllegalArgumentException.class, () -> new Statistics(figures, Set.of("zz"), Map.of()));
    assertThrows(
        IllegalArgumentException.class, () -> new Statistics(figures, Set.of(), Map.of("a", 1.0)));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
