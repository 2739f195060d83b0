package org.cairndb.internal.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.cairndb.CompactionStyle;
import org.cairndb.Options;
import org.cairndb.internal.key.InternalKey;
import org.cairndb.internal.key.ValueKind;
import org.cairndb.internal.version.FileMetadata;
import org.cairndb.internal.version.Version;
import org.cairndb.internal.version.VersionEdit;
import org.junit.jupiter.api.Test;

class TieredPickerTest {
  private static final Options OPTIONS =
      Options.builder().compactionStyle(CompactionStyle.TIERED).l0CompactionTrigger(4).build();

  private long nextNumber = 1;
  private long nextSeq = 1;

  /** A file over [a, z] with a fresh (newer) sequence range. */
  private FileMetadata file(long size) {
    long seq = nextSeq;
    nextSeq += 10;
    byte[] a = InternalKey.encode("a".getBytes(StandardCharsets.UTF_8), seq + 9, ValueKind.PUT);
    byte[] z = InternalKey.encode("z".getBytes(StandardCharsets.UTF_8), seq, ValueKind.PUT);
    return new FileMetadata(nextNumber++, size, a, z, seq, seq + 9);
  }

  private static Version version(List<FileMetadata> level0, int deepLevel, FileMetadata deep) {
    VersionEdit edit = new VersionEdit();
    for (FileMetadata f : level0) {
      edit.addFile(0, f);
    }
    if (deep != null) {
      edit.addFile(deepLevel, deep);
    }
    return new Version.Builder(null).apply(edit).build(v -> {});
  }

  @Test
  void nothingBelowTheTrigger() {
    FileMetadata old = file(1000);
    Version v = version(List.of(file(10), file(10)), 6, old);
    TieredPicker p = new TieredPicker(OPTIONS);
    assertNull(p.pick(v, c -> false));
    assertEquals(0, p.pendingBytes(v));
  }

  @Test
  void similarSizedNewRunsMergeAboveTheOldRun() {
    FileMetadata old = file(100_000);
    List<FileMetadata> l0 = List.of(file(10), file(10), file(10), file(10));
    Version v = version(reversed(l0), 6, old);
    Compaction c = new TieredPicker(OPTIONS).pick(v, x -> false);
    assertEquals(0, c.level());
    assertEquals(4, c.inputs().size());
    assertEquals(5, c.outputLevel(), "output goes just above the older run in level 6");
    assertTrue(c.outputLevelInputs().isEmpty());
  }

  @Test
  void tooMuchNewDataMergesEverythingIntoTheLastLevel() {
    FileMetadata old = file(100);
    List<FileMetadata> l0 = List.of(file(80), file(90), file(150), file(300));
    Version v = version(reversed(l0), 6, old);
    Compaction c = new TieredPicker(OPTIONS).pick(v, x -> false);
    assertEquals(6, c.outputLevel());
    assertEquals(5, c.allInputs().size());
  }

  @Test
  void mergeOfNewestRunsStaysInLevel0WhenOlderLevel0RunsRemain() {
    // Newest first: 1, 1, then a much larger older L0 run, then the oldest in level 6.
    FileMetadata old = file(1_000_000);
    FileMetadata big = file(50_000);
    FileMetadata big2 = file(60_000);
    FileMetadata n1 = file(1);
    FileMetadata n2 = file(1);
    Version v = version(List.of(n2, n1, big2, big), 6, old);
    Compaction c = new TieredPicker(OPTIONS).pick(v, x -> false);
    assertEquals(0, c.outputLevel());
    assertEquals(List.of(n2, n1), c.inputs());
  }

  @Test
  void busyCandidatesAreNotPicked() {
    FileMetadata old = file(100_000);
    List<FileMetadata> l0 = List.of(file(10), file(10), file(10), file(10));
    Version v = version(reversed(l0), 6, old);
    assertNull(new TieredPicker(OPTIONS).pick(v, x -> true));
  }

  private static List<FileMetadata> reversed(List<FileMetadata> files) {
    List<FileMetadata> r = new java.util.ArrayList<>(files);
    java.util.Collections.reverse(r);
    return r;
  }
}
