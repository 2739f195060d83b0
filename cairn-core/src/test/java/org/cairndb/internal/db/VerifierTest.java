package org.cairndb.internal.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cairndb.Cairn;
import org.cairndb.CorruptionException;
import org.cairndb.Options;
import org.cairndb.VerifyReport;
import org.cairndb.fs.MemVfs;
import org.cairndb.fs.ReadableFile;
import org.cairndb.internal.sstable.TableProperties;
import org.cairndb.internal.sstable.TableReader;
import org.cairndb.internal.version.FileMetadata;
import org.cairndb.internal.version.Version;
import org.cairndb.internal.version.VersionEdit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tree invariants {@link Verifier} checks that a damaged table alone cannot break: tables of a
 * deeper level that overlap, and manifest records whose key or sequence range disagrees with the
 * table. The versions are built by hand around real tables, as a damaged manifest would describe
 * them.
 */
class VerifierTest {
  private static final Path DIR = Path.of("/db");
  private MemVfs vfs;
  private final List<FileMetadata> tables = new ArrayList<>();

  /** Three level-0 tables over the same keys, each described exactly by its properties. */
  @BeforeEach
  void build() throws IOException {
    vfs = new MemVfs();
    Options o = Options.builder().vfs(vfs).l0CompactionTrigger(10).build();
    try (Cairn db = Cairn.open(DIR, o)) {
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 100; i++) {
          db.put(("k" + (i * 3 + round)).getBytes(StandardCharsets.UTF_8), new byte[] {1});
        }
        db.flush();
      }
    }
    for (String name : vfs.list(DIR)) {
      FileNames.Parsed p = FileNames.parse(name);
      if (p != null && p.kind() == FileNames.Kind.TABLE) {
        tables.add(describe(p.number(), name));
      }
    }
    assertEquals(3, tables.size());
  }

  private FileMetadata describe(long number, String name) throws IOException {
    long size = vfs.size(DIR.resolve(name));
    ReadableFile f = vfs.open(DIR.resolve(name));
    try (TableReader r = TableReader.open(f, name, number, size, null)) {
      TableProperties p = r.properties();
      return new FileMetadata(
          number, size, p.smallestKey(), p.largestKey(), p.smallestSequence(), p.largestSequence());
    }
  }

  private VerifyReport verify(int level, List<FileMetadata> files) {
    VersionEdit edit = new VersionEdit();
    for (FileMetadata f : files) {
      edit.addFile(level, f);
    }
    Version v = new Version.Builder(null).apply(edit).build(x -> {});
    v.ref();
    return new Verifier(vfs, DIR, 1).verify(v, Long.MAX_VALUE);
  }

  @Test
  void exactDescriptionsVerify() {
    VerifyReport r = verify(0, tables);
    assertEquals(3, r.tables());
    assertEquals(300, r.entries());
    assertEquals(1, r.levels());
  }

  @Test
  void overlappingTablesInADeeperLevel() {
    CorruptionException e =
        assertThrows(CorruptionException.class, () -> verify(1, tables.subList(0, 2)));
    assertEquals("MANIFEST-000001", e.file());
    assertTrue(e.getMessage().contains("overlap"), e.getMessage());
  }

  @Test
  void keyRangeDisagreesWithManifest() {
    FileMetadata t = tables.get(0);
    FileMetadata wrong =
        new FileMetadata(
            t.number(), t.size(), t.largest(), t.largest(), t.smallestSeq(), t.largestSeq());
    CorruptionException e =
        assertThrows(CorruptionException.class, () -> verify(0, List.of(wrong)));
    assertEquals(FileNames.table(t.number()), e.file());
  }

  @Test
  void sequenceRangeDisagreesWithManifest() {
    FileMetadata t = tables.get(0);
    FileMetadata wrong =
        new FileMetadata(
            t.number(), t.size(), t.smallest(), t.largest(), t.smallestSeq(), t.largestSeq() + 1);
    CorruptionException e =
        assertThrows(CorruptionException.class, () -> verify(0, List.of(wrong)));
    assertEquals(FileNames.table(t.number()), e.file());
    assertTrue(e.getMessage().contains("sequence range"), e.getMessage());
  }
}
