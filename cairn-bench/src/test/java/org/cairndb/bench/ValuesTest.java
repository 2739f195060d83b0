package org.cairndb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** The value generator's compressibility follows --compression-ratio. */
class ValuesTest {
  @Test
  void valuesCompressToAboutTheRequestedFraction() {
    assertEquals(1.0, compressedFraction(1.0), 0.03, "the default is incompressible");
    for (double ratio : new double[] {0.25, 0.5, 0.75}) {
      double f = compressedFraction(ratio);
      assertTrue(f > ratio - 0.1 && f < ratio + 0.1, ratio + " compressed to " + f);
    }
  }

  @Test
  void valuesHaveTheirSizeAndDifferFromEachOther() {
    Keys.Values values = new Keys.Values(5, 100, 0.5);
    SplittableRandom rnd = new SplittableRandom(1);
    byte[] a = values.next(rnd);
    byte[] b = values.next(rnd);
    assertEquals(100, a.length);
    assertTrue(!java.util.Arrays.equals(a, b));
  }

  /** Deflate's output over its input for 4 KiB of consecutive values (about one data block). */
  private static double compressedFraction(double ratio) {
    Keys.Values values = new Keys.Values(7, 100, ratio);
    SplittableRandom rnd = new SplittableRandom(3);
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    while (in.size() < 4096) {
      in.writeBytes(values.next(rnd));
    }
    byte[] data = in.toByteArray();
    Deflater d = new Deflater(Deflater.BEST_SPEED);
    d.setInput(data);
    d.finish();
    byte[] out = new byte[data.length * 2];
    int n = 0;
    while (!d.finished()) {
      n += d.deflate(out, n, out.length - n);
    }
    d.end();
    return (double) n / data.length;
  }
}
