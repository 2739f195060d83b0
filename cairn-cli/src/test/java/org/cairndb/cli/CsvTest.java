package org.cairndb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link CsvWriter} and {@link CsvReader} in process: exact round trips and malformed input. */
class CsvTest {
  private static final String ALPHABET = "a,\"\t\n\r \u00e9";

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void writtenRecordsReadBackExactly(long salt) throws IOException {
    long seed = Long.getLong("cairn.seed", System.nanoTime()) ^ salt;
    SplittableRandom rnd = new SplittableRandom(seed);
    List<List<String>> records = new ArrayList<>();
    StringBuilder file = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      String k = random(rnd);
      String v = random(rnd);
      if (k.isEmpty() && v.isEmpty()) {
        continue; // "," is a record; a blank line is not (tested below)
      }
      records.add(List.of(k, v));
      file.append(CsvWriter.record(k, v)).append(rnd.nextBoolean() ? "\n" : "\r\n");
    }
    CsvReader r = new CsvReader(new StringReader(file.toString()), ',');
    for (int i = 0; i < records.size(); i++) {
      assertEquals(records.get(i), r.next(), "seed " + seed + " record " + i);
    }
    assertNull(r.next(), "seed " + seed);
  }

  @Test
  void detectsTheDelimiterAndSkipsBlankLines() throws IOException {
    CsvReader tabs = new CsvReader(new StringReader("\n\na\tb,c\r\n\"x\ty\"\tz"), (char) 0);
    assertEquals(List.of("a", "b,c"), tabs.next());
    assertEquals(List.of("x\ty", "z"), tabs.next());
    assertNull(tabs.next());
    CsvReader commas = new CsvReader(new StringReader("a,b\tc\nd,"), (char) 0);
    assertEquals(List.of("a", "b\tc"), commas.next());
    assertEquals(List.of("d", ""), commas.next());
    assertEquals(2, commas.recordLine());
  }

  @Test
  void malformedRecordsAreUsageErrors() {
    for (String bad : List.of("\"open,x", "\"a\"b,c", "a\"b,c", "a\rb,c")) {
      CsvReader r = new CsvReader(new StringReader(bad), ',');
      assertThrows(UsageException.class, r::next, bad);
    }
  }

  private static String random(SplittableRandom rnd) {
    StringBuilder sb = new StringBuilder();
    int n = rnd.nextInt(8);
    for (int i = 0; i < n; i++) {
      sb.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
