package org.cairndb.internal.version;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cairndb.CorruptionException;
import org.cairndb.FuzzCorpus;
import org.cairndb.Mutator;
import org.cairndb.fs.MemVfs;
import org.cairndb.fs.WritableFile;
import org.cairndb.internal.db.FileNames;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.ValueKind;
import org.cairndb.internal.wal.LogWriter;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the manifest decoder: every input is decoded as one version edit (a decoded edit must
 * re-encode to bytes that decode to the same edit), and for odd mode bytes the rest is also split
 * into one to four records, written as a correctly framed manifest named by {@code CURRENT}, and
 * recovered by {@link VersionSet#recover}, which also applies the edits and checks the tree.
 * Contract: success or {@link CorruptionException}. Each test run replays the corpus in {@code
 * ManifestFuzzTestInputs/fuzz} and runs a seeded mutation round; {@code -Pfuzz} fuzzes
 * coverage-guided.
 */
class ManifestFuzzTest {
  private static final Path DIR = Path.of("/db");
  private static final String MANIFEST = FileNames.manifest(1);

  @FuzzTest(maxDuration = "5m")
  void fuzz(byte[] input) {
    target(input);
  }

  @Test
  void mutations() throws IOException {
    if (FuzzCorpus.writing()) {
      FuzzCorpus.write(getClass(), "fuzz", seeds());
    }
    Mutator.run("manifest", seeds(), 20_000, ManifestFuzzTest::target);
  }

  static void target(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int mode = input[0] & 0xFF;
    byte[] data = Arrays.copyOfRange(input, 1, input.length);
    try {
      byte[] encoded = VersionEdit.decode(data, MANIFEST).encode();
      assertArrayEquals(encoded, VersionEdit.decode(encoded, MANIFEST).encode(), "round trip");
    } catch (CorruptionException expected) {
      // Damaged record.
    }
    if ((mode & 1) != 0) {
      recover(data, 1 + (mode >>> 1) % 4);
    }
  }

  private static void recover(byte[] data, int records) {
    MemVfs vfs = new MemVfs();
    try {
      vfs.mkdirs(DIR);
      try (LogWriter w = new LogWriter(vfs.create(DIR.resolve(MANIFEST)), 1)) {
        for (int i = 0; i < records; i++) {
          int from = data.length * i / records;
          int to = data.length * (i + 1) / records;
          w.addRecord(Arrays.copyOfRange(data, from, to));
        }
      }
      try (WritableFile c = vfs.create(DIR.resolve(FileNames.CURRENT))) {
        c.append((MANIFEST + "\n").getBytes(StandardCharsets.UTF_8));
      }
      new VersionSet(vfs, DIR, 1 << 20).recover();
    } catch (CorruptionException expected) {
      // Damaged manifest, or one naming tables that do not exist.
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Snapshot and delta edits, as decode-only and as whole-manifest inputs. */
  static List<byte[]> seeds() {
    List<byte[]> out = new ArrayList<>();
    VersionEdit snapshot =
        new VersionEdit()
            .setFormatVersion(VersionEdit.FORMAT_VERSION)
            .setLogNumber(9)
            .setNextFileNumber(20)
            .setLastSequence(500);
    for (int i = 0; i < 4; i++) {
      snapshot.addFile(i == 0 ? 0 : 1, file(10 + i, "a" + i, "a" + i + "z"));
    }
    VersionEdit delta =
        new VersionEdit()
            .setLogNumber(12)
            .setNextFileNumber(30)
            .setLastSequence(900)
            .deleteFile(0, 10)
            .deleteFile(1, 11)
            .addFile(2, file(25, "b", "c"));
    VersionEdit empty =
        new VersionEdit()
            .setFormatVersion(VersionEdit.FORMAT_VERSION)
            .setLogNumber(3)
            .setNextFileNumber(4)
            .setLastSequence(0);
    for (VersionEdit e : List.of(snapshot, delta, empty)) {
      out.add(prefixed(0, e.encode()));
    }
    byte[] s = snapshot.encode();
    byte[] d = delta.encode();
    byte[] both = Arrays.copyOf(s, s.length + d.length);
    System.arraycopy(d, 0, both, s.length, d.length);
    out.add(prefixed(1, empty.encode()));
    out.add(prefixed(1, s));
    out.add(prefixed(3, both));
    return out;
  }

  private static FileMetadata file(long number, String smallest, String largest) {
    byte[] lo = InternalKey.encode(smallest.getBytes(StandardCharsets.UTF_8), 5, ValueKind.PUT);
    byte[] hi = InternalKey.encode(largest.getBytes(StandardCharsets.UTF_8), 7, ValueKind.DELETE);
    return new FileMetadata(number, 1000 + number, lo, hi, 5, 7);
  }

  private static byte[] prefixed(int mode, byte[] b) {
    byte[] out = new byte[b.length + 1];
    out[0] = (byte) mode;
    System.arraycopy(b, 0, out, 1, b.length);
    return out;
  }
}
