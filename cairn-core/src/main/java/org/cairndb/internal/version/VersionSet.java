package org.cairndb.internal.version;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.cairndb.CairnException;
import org.cairndb.CorruptionException;
import org.cairndb.fs.ReadableFile;
import org.cairndb.fs.Vfs;
import org.cairndb.fs.WritableFile;
import org.cairndb.internal.db.FileNames;
import org.cairndb.internal.wal.LogReader;
import org.cairndb.internal.wal.LogWriter;
import org.cairndb.internal.wal.RecoveryMode;

/**
 * The manifest and the current version: the durable record of which SSTables make up the tree.
 *
 * <p>The manifest is a log (same framing as the WAL) of {@link VersionEdit}s. The first record of
 * each manifest is a full snapshot of the tree; later records are deltas, each synced before the
 * change it describes takes effect. {@code CURRENT} names the live manifest; it is replaced by
 * writing a temp file, syncing it, renaming it over {@code CURRENT} and syncing the directory, so a
 * crash leaves either the old or the new manifest in force. A fresh manifest is started at every
 * open and whenever the live one grows past its size limit.
 *
 * <p>Thread-safety: every method except {@link #current()} and {@link #liveFiles()} requires the
 * engine's mutex.
 */
public final class VersionSet {
  private static final int MAX_CURRENT_BYTES = 4096;

  private final Vfs vfs;
  private final Path dir;
  private final long maxManifestBytes;
  private final Set<Version> live = ConcurrentHashMap.newKeySet();

  private volatile Version current;
  private long nextFileNumber = 2;
  private long logNumber;
  private long lastSequence;
  private long manifestNumber;
  private WritableFile manifestFile;
  private LogWriter manifest;
  private IOException manifestFailure;

  public VersionSet(Vfs vfs, Path dir, long maxManifestBytes) {
    this.vfs = vfs;
    this.dir = dir;
    this.maxManifestBytes = maxManifestBytes;
    install(new Version.Builder(null).build(live::remove));
  }

  public Version current() {
    return current;
  }

  public long logNumber() {
    return logNumber;
  }

  public long lastSequence() {
    return lastSequence;
  }

  public void setLastSequence(long s) {
    if (s < lastSequence) {
      throw new IllegalStateException("last sequence going backwards");
    }
    lastSequence = s;
  }

  public long manifestNumber() {
    return manifestNumber;
  }

  public long newFileNumber() {
    return nextFileNumber++;
  }

  /** Makes sure future file numbers are above {@code n} (a file found on disk during recovery). */
  public void markFileNumberUsed(long n) {
    if (nextFileNumber <= n) {
      nextFileNumber = n + 1;
    }
  }

  /** Numbers of the files referenced by any version still in use. */
  public Set<Long> liveFiles() {
    Set<Long> out = new HashSet<>();
    for (Version v : live) {
      for (int level = 0; level < v.numLevels(); level++) {
        for (FileMetadata f : v.files(level)) {
          out.add(f.number());
        }
      }
    }
    return out;
  }

  /** Reads {@code CURRENT} and the manifest it names, and installs the recorded tree. */
  public void recover() throws IOException {
    Path currentPath = dir.resolve(FileNames.CURRENT);
    String manifestName = readCurrent(currentPath);
    FileNames.Parsed parsed = FileNames.parse(manifestName);
    if (parsed == null || parsed.kind() != FileNames.Kind.MANIFEST) {
      throw new CorruptionException(FileNames.CURRENT, "does not name a manifest");
    }
    Path manifestPath = dir.resolve(manifestName);
    if (!vfs.exists(manifestPath)) {
      throw new CorruptionException(
          FileNames.CURRENT, "names " + manifestName + ", which does not exist");
    }
    Version.Builder builder = new Version.Builder(null);
    boolean sawFormat = false;
    boolean sawNextFile = false;
    boolean sawLastSequence = false;
    boolean sawLogNumber = false;
    long next = 0;
    long log = 0;
    long last = 0;
    try (ReadableFile in = vfs.open(manifestPath)) {
      LogReader reader = new LogReader(in, manifestName, RecoveryMode.TOLERATE_TRUNCATED_TAIL);
      byte[] rec;
      while ((rec = reader.next()) != null) {
        VersionEdit edit = VersionEdit.decode(rec, manifestName);
        if (!sawFormat) {
          if (edit.formatVersion() < 0) {
            throw new CorruptionException(manifestName, "first record lacks the format version");
          }
          sawFormat = true;
        }
        if (edit.formatVersion() >= 0 && edit.formatVersion() != VersionEdit.FORMAT_VERSION) {
          throw new CorruptionException(
              manifestName,
              "manifest format version "
                  + edit.formatVersion()
                  + " is not supported (this Cairn reads version "
                  + VersionEdit.FORMAT_VERSION
                  + ")");
        }
        builder.apply(edit);
        if (edit.nextFileNumber() >= 0) {
          next = edit.nextFileNumber();
          sawNextFile = true;
        }
        if (edit.logNumber() >= 0) {
          log = edit.logNumber();
          sawLogNumber = true;
        }
        if (edit.lastSequence() >= 0) {
          last = edit.lastSequence();
          sawLastSequence = true;
        }
      }
    }
    if (!sawFormat || !sawNextFile || !sawLastSequence || !sawLogNumber) {
      throw new CorruptionException(manifestName, "manifest lacks required fields");
    }
    String problem = builder.check();
    if (problem != null) {
      throw new CorruptionException(manifestName, problem);
    }
    Version v = builder.build(live::remove);
    for (int level = 0; level < v.numLevels(); level++) {
      for (FileMetadata f : v.files(level)) {
        if (f.number() >= next) {
          throw new CorruptionException(
              manifestName, "file " + f.number() + " is not below next file number " + next);
        }
        String name = FileNames.table(f.number());
        Path p = dir.resolve(name);
        if (!vfs.exists(p)) {
          throw new CorruptionException(name, "table listed in " + manifestName + " is missing");
        }
        long size = vfs.size(p);
        if (size != f.size()) {
          throw new CorruptionException(
              name,
              "size " + size + " differs from the " + f.size() + " recorded in " + manifestName);
        }
      }
    }
    nextFileNumber = next;
    logNumber = log;
    lastSequence = last;
    manifestNumber = parsed.number();
    markFileNumberUsed(manifestNumber);
    install(v);
  }

  private String readCurrent(Path currentPath) throws IOException {
    long size = vfs.size(currentPath);
    if (size <= 1 || size > MAX_CURRENT_BYTES) {
      throw new CorruptionException(FileNames.CURRENT, "unexpected size " + size);
    }
    byte[] b = new byte[(int) size];
    try (ReadableFile in = vfs.open(currentPath)) {
      in.readFully(0, b, 0, b.length);
    }
    if (b[b.length - 1] != '\n') {
      throw new CorruptionException(FileNames.CURRENT, "not terminated by a newline");
    }
    return new String(b, 0, b.length - 1, StandardCharsets.UTF_8);
  }

  /**
   * Starts a new manifest holding a snapshot of the current tree and points {@code CURRENT} at it.
   * Used at every open (also for a new database) and when the manifest outgrows its limit.
   */
  public void startNewManifest(VersionEdit pending) throws IOException {
    checkManifestUsable();
    Version base = current;
    long pendingLogNumber = logNumber;
    if (pending != null) {
      Version.Builder builder = new Version.Builder(current).apply(pending);
      String problem = builder.check();
      if (problem != null) {
        throw new CairnException("internal error: edit would break the tree: " + problem);
      }
      base = builder.build(live::remove);
      if (pending.logNumber() >= 0) {
        pendingLogNumber = pending.logNumber();
      }
    }
    long number = newFileNumber();
    String name = FileNames.manifest(number);
    Path path = dir.resolve(name);
    WritableFile file = vfs.create(path);
    LogWriter writer = new LogWriter(file, number);
    try {
      VersionEdit snapshot = snapshotEdit(base, pendingLogNumber);
      byte[] rec = snapshot.encode();
      writer.addRecord(rec, 0, rec.length);
      writer.sync();
      writeCurrent(name, number);
    } catch (IOException | RuntimeException e) {
      closeQuietly(file, e);
      manifestFailure = e instanceof IOException io ? io : new IOException(e);
      throw e;
    }
    WritableFile old = manifestFile;
    manifestFile = file;
    manifest = writer;
    manifestNumber = number;
    logNumber = pendingLogNumber;
    if (base != current) {
      install(base);
    }
    if (old != null) {
      old.close();
    }
  }

  private VersionEdit snapshotEdit(Version v, long log) {
    VersionEdit e =
        new VersionEdit()
            .setFormatVersion(VersionEdit.FORMAT_VERSION)
            .setLogNumber(log)
            .setNextFileNumber(nextFileNumber)
            .setLastSequence(lastSequence);
    for (int level = 0; level < v.numLevels(); level++) {
      for (FileMetadata f : v.files(level)) {
        e.addFile(level, f);
      }
    }
    return e;
  }

  private void writeCurrent(String manifestName, long number) throws IOException {
    Path tmp = dir.resolve(FileNames.temp(number));
    byte[] content = (manifestName + "\n").getBytes(StandardCharsets.UTF_8);
    try (WritableFile f = vfs.create(tmp)) {
      f.append(content, 0, content.length);
      f.sync();
    }
    vfs.rename(tmp, dir.resolve(FileNames.CURRENT));
    vfs.syncDir(dir);
  }

  /**
   * Records {@code edit} durably in the manifest, then makes it the current version. On failure
   * nothing is installed and the manifest refuses later edits (the caller latches an error).
   */
  public void logAndApply(VersionEdit edit) throws IOException {
    checkManifestUsable();
    if (edit.logNumber() < 0) {
      edit.setLogNumber(logNumber);
    } else if (edit.logNumber() < logNumber) {
      throw new IllegalStateException("log number going backwards");
    }
    edit.setNextFileNumber(nextFileNumber).setLastSequence(lastSequence);
    Version.Builder builder = new Version.Builder(current).apply(edit);
    String problem = builder.check();
    if (problem != null) {
      throw new CairnException("internal error: edit would break the tree: " + problem);
    }
    Version next = builder.build(live::remove);
    try {
      byte[] rec = edit.encode();
      manifest.addRecord(rec, 0, rec.length);
      manifest.sync();
    } catch (IOException e) {
      manifestFailure = e;
      throw e;
    }
    logNumber = edit.logNumber();
    install(next);
    if (manifest.size() > maxManifestBytes) {
      startNewManifest(null);
    }
  }

  private void checkManifestUsable() throws IOException {
    if (manifestFailure != null) {
      throw new IOException("manifest unusable after an earlier failure", manifestFailure);
    }
  }

  private void install(Version v) {
    v.ref();
    live.add(v);
    Version old = current;
    current = v;
    if (old != null) {
      old.unref();
    }
  }

  /** Releases the current version and closes the manifest. */
  public void close() throws IOException {
    if (manifestFile != null) {
      manifestFile.close();
      manifestFile = null;
    }
  }

  private static void closeQuietly(WritableFile f, Throwable primary) {
    try {
      f.close();
    } catch (IOException e) {
      primary.addSuppressed(e);
    }
  }
}
