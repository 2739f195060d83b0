package org.cairndb.kafka.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.cairndb.kafka.example.AppEvent;
import org.cairndb.kafka.example.AppOptions;
import org.cairndb.kafka.example.StoreEngine;
import org.junit.jupiter.api.Test;

/** The example application's option parsing and its event lines, which the tests drive it by. */
final class ExampleOptionsTest {
  @Test
  void defaultsAndOverrides() {
    AppOptions defaults = AppOptions.parse(List.of("--bootstrap-servers", "127.0.0.1:9092"));
    assertEquals("127.0.0.1:9092", defaults.bootstrapServers());
    assertEquals(StoreEngine.CAIRN, defaults.engine());
    assertTrue(defaults.exactlyOnce());
    assertFalse(defaults.stopOnStdinEof());
    assertEquals(10L << 20, defaults.cacheBytes());

    AppOptions set =
        AppOptions.parse(
            List.of(
                "--bootstrap-servers",
                "h:1",
                "--engine",
                "RocksDB",
                "--guarantee",
                "at_least_once",
                "--state-dir",
                "s",
                "--cache-bytes",
                "0",
                "--threads",
                "3",
                "--report-after",
                "99",
                "--stop-on-stdin-eof"));
    assertEquals(StoreEngine.ROCKSDB, set.engine());
    assertFalse(set.exactlyOnce());
    assertEquals(Path.of("s"), set.stateDir());
    assertEquals(0, set.cacheBytes());
    assertEquals(3, set.threads());
    assertEquals(99, set.reportAfter());
    assertTrue(set.stopOnStdinEof());
  }

  @Test
  void badOptionsAreRejectedByName() {
    assertMessage("--bootstrap-servers", List.of());
    assertMessage("--nope", List.of("--bootstrap-servers", "h:1", "--nope", "1"));
    assertMessage("--threads", List.of("--bootstrap-servers", "h:1", "--threads", "0"));
    assertMessage("--cache-bytes", List.of("--bootstrap-servers", "h:1", "--cache-bytes", "-1"));
    assertMessage("--report-after", List.of("--bootstrap-servers", "h:1", "--report-after", "x"));
    assertMessage("--guarantee", List.of("--bootstrap-servers", "h:1", "--guarantee", "maybe"));
    assertMessage("engine", List.of("--bootstrap-servers", "h:1", "--engine", "leveldb"));
    assertMessage("--engine", List.of("--bootstrap-servers", "h:1", "--engine"));
  }

  private static void assertMessage(String expected, List<String> args) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AppOptions.parse(args));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void eventsRoundTripAndOtherLinesAreIgnored() {
    long seed = Long.getLong("cairn.seed", System.nanoTime());
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 200; i++) {
      Map<String, String> fields = new LinkedHashMap<>();
      int n = random.nextInt(5);
      for (int f = 0; f < n; f++) {
        fields.put("k" + f, random.nextBoolean() ? "" : Long.toString(random.nextLong()));
      }
      AppEvent event = new AppEvent("kind" + random.nextInt(3), fields);
      assertEquals(event, AppEvent.parse(event.format()).orElseThrow(), "seed=" + seed);
    }
    List<AppEvent> events =
        AppEvent.parseAll(
            List.of(
                "[main] WARN some log line",
                "cairn-app tasks state=RUNNING active=0_1,0_3",
                "cairn-apptasks no",
                "cairn-app restored records=5 ms=7"));
    assertEquals(2, events.size());
    assertEquals("0_1,0_3", events.get(0).get("active"));
    assertEquals(5, events.get(1).getLong("records"));
    assertThrows(IllegalStateException.class, () -> events.get(1).get("missing"));
  }
}
