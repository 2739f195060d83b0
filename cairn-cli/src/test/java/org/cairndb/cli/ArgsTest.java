package org.cairndb.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Option parsing, byte formats and JSON text, in process. */
class ArgsTest {
  private static final Set<String> FLAGS = Set.of("--json", "--hex");
  private static final Set<String> OPTIONS = Set.of("--db", "--limit");

  @Test
  void parsesFlagsOptionsAndPositionals() {
    Args a =
        Args.parse(
            new String[] {"get", "--db", "d", "k", "--json", "--limit=5", "--", "--not-an-option"},
            1,
            FLAGS,
            OPTIONS);
    assertEquals("d", a.option("--db"));
    assertTrue(a.flag("--json"));
    assertFalse(a.flag("--hex"));
    assertEquals(5, a.longOption("--limit", 0));
    assertEquals(List.of("k", "--not-an-option"), a.positionals());
    assertNull(a.option("--missing"));
  }

  @Test
  void rejectsWhatItDoesNotKnow() {
    for (String[] bad :
        List.of(
            new String[] {"x", "--nope"},
            new String[] {"x", "--db"},
            new String[] {"x", "--db", "a", "--db", "b"},
            new String[] {"x", "--json=1"})) {
      assertThrows(UsageException.class, () -> Args.parse(bad, 1, FLAGS, OPTIONS), bad[1]);
    }
    Args a = Args.parse(new String[] {"x", "--limit", "-3"}, 1, FLAGS, OPTIONS);
    assertThrows(UsageException.class, () -> a.longOption("--limit", 0));
    assertThrows(UsageException.class, () -> a.required("--db"));
  }

  @Test
  void byteFormatsDecodeAndShow() {
    byte[] bin = {0, (byte) 0xff, 10};
    assertEquals("00ff0a", ByteFormat.TEXT.show(bin));
    assertEquals("AP8K", ByteFormat.BASE64.show(bin));
    assertArrayEquals(bin, ByteFormat.HEX.decode("00FF0a", "k"));
    assertArrayEquals(bin, ByteFormat.BASE64.decode("AP8K", "k"));
    assertEquals("caf\u00e9", ByteFormat.TEXT.show("caf\u00e9".getBytes(StandardCharsets.UTF_8)));
    assertEquals("6109", ByteFormat.TEXT.show(new byte[] {'a', '\t'}));
    assertEquals("a\t", ByteFormat.TEXT.exact(new byte[] {'a', '\t'}));
    assertNull(ByteFormat.TEXT.exact(new byte[] {(byte) 0xc3}));
    assertThrows(UsageException.class, () -> ByteFormat.HEX.decode("abc", "k"));
    assertThrows(UsageException.class, () -> ByteFormat.BASE64.decode("!!", "k"));
  }

  @Test
  void jsonStringsAndNumbers() {
    assertEquals("\"a\\\"b\\\\c\\n\\u0001\"", Json.str("a\"b\\c\n\u0001"));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("n", 12L);
    fields.put("ok", true);
    fields.put("r", new BigDecimal("0.25"));
    fields.put("nan", Double.NaN);
    fields.put("s", "a\"b");
    assertEquals(
        "{\"n\":12,\"ok\":true,\"r\":0.25,\"nan\":null,\"s\":\"a\\\"b\"}", Json.object(fields));
    assertEquals("{}", Json.object(Map.of()));
  }

  @Test
  void levelScoresParseFromTheNamedColumn() {
    var scores = TreeShape.scores("level files bytes score\nL0 2 100 0.50\nL1 0 0 1.25\nnote\n");
    assertEquals(0.5, scores.get(0));
    assertEquals(1.25, scores.get(1));
    assertEquals(2, scores.size());
  }

  @Test
  void keySpaceOrdersBoundaryKeysEvenly() {
    KeySpace s =
        new KeySpace(
            List.of(
                "a".getBytes(StandardCharsets.UTF_8),
                "m".getBytes(StandardCharsets.UTF_8),
                "z".getBytes(StandardCharsets.UTF_8)));
    assertEquals(0.0, s.at("a".getBytes(StandardCharsets.UTF_8)));
    assertEquals(0.5, s.at("m".getBytes(StandardCharsets.UTF_8)));
    assertEquals(1.0, s.at("z".getBytes(StandardCharsets.UTF_8)));
    double between = s.at("q".getBytes(StandardCharsets.UTF_8));
    assertTrue(between > 0.5 && between < 1.0, Double.toString(between));
  }
}
