package org.cairndb.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cairndb.CairnException;
import org.cairndb.CorruptionException;
import org.cairndb.fs.NioVfs;
import org.cairndb.fs.ReadableFile;
import org.cairndb.internal.db.FileNames;
import org.cairndb.internal.version.FileMetadata;
import org.cairndb.internal.version.VersionEdit;
import org.cairndb.internal.wal.LogReader;
import org.cairndb.internal.wal.RecoveryMode;

/**
 * {@code cairn dump manifest}: prints each version edit of the manifest that {@code CURRENT} names
 * (or of a given manifest file): format version, log and file numbers, last sequence, files removed
 * and added. Reads only; needs no lock, so it works on a database another process has open and on
 * one that no longer opens. Stateless.
 */
final class ManifestDump {
  private static final int MAX_CURRENT_BYTES = 4096;

  private ManifestDump() {}

  /** The manifest {@code CURRENT} names in {@code dir}. */
  static Path current(Path dir) throws IOException {
    Path current = dir.resolve(FileNames.CURRENT);
    if (!Files.exists(current)) {
      throw new CairnException("no CURRENT file in " + dir + " (not a database, or lost)");
    }
    long size = Files.size(current);
    if (size <= 1 || size > MAX_CURRENT_BYTES) {
      throw new CorruptionException(FileNames.CURRENT, "unexpected size " + size);
    }
    String text = new String(Files.readAllBytes(current), StandardCharsets.UTF_8);
    String name = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    FileNames.Parsed parsed = FileNames.parse(name);
    if (parsed == null || parsed.kind() != FileNames.Kind.MANIFEST) {
      throw new CorruptionException(FileNames.CURRENT, "does not name a manifest");
    }
    return dir.resolve(name);
  }

  static void dump(Path manifest, ByteFormat f, PrintStream out) throws IOException {
    String name = manifest.getFileName().toString();
    try (ReadableFile file = NioVfs.get().open(manifest)) {
      LogReader reader = new LogReader(file, name, RecoveryMode.TOLERATE_TRUNCATED_TAIL);
      out.printf("file %s (%d bytes)%n", name, file.size());
      int n = 0;
      byte[] rec;
      while ((rec = reader.next()) != null) {
        VersionEdit e = VersionEdit.decode(rec, name);
        out.printf("edit %d (%d bytes)%n", n++, rec.length);
        if (e.formatVersion() >= 0) {
          out.printf("  format version    %d%n", e.formatVersion());
        }
        if (e.logNumber() >= 0) {
          out.printf("  log number        %d%n", e.logNumber());
        }
        if (e.nextFileNumber() >= 0) {
          out.printf("  next file number  %d%n", e.nextFileNumber());
        }
        if (e.lastSequence() >= 0) {
          out.printf("  last sequence     %d%n", e.lastSequence());
        }
        for (VersionEdit.Deleted d : e.deleted()) {
          out.printf("  delete file       L%d %06d.sst%n", d.level(), d.number());
        }
        for (VersionEdit.Added a : e.added()) {
          FileMetadata m = a.file();
          out.printf(
              "  add file          L%d %06d.sst %d bytes [%s .. %s] seq %d..%d%n",
              a.level(),
              m.number(),
              m.size(),
              InternalKeys.show(f, m.smallest()),
              InternalKeys.show(f, m.largest()),
              m.smallestSeq(),
              m.largestSeq());
        }
      }
      out.printf(
          "%d edits, %d valid bytes%s%n",
          n,
          reader.validLength(),
          reader.tornTail() ? ", then an incomplete last append (ignored)" : "");
    }
  }
}
