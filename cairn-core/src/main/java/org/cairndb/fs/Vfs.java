package org.cairndb.fs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The one seam through which the engine touches storage: every file and directory operation of
 * Cairn goes through a {@code Vfs}. {@link NioVfs} is the real file system; {@link MemVfs} keeps
 * files in memory and can simulate power loss; {@link FaultInjectingVfs} fails chosen operations.
 *
 * <p>Implementations are thread-safe. Paths are absolute or relative as the caller gives them; the
 * engine always passes {@code dir.resolve(name)} with a name it built itself.
 */
public interface Vfs {
  /**
   * Creates (or truncates) a file for appending. The new directory entry is durable only after
   * {@link #syncDir} of its parent.
   */
  WritableFile create(Path path) throws IOException;

  /**
   * Creates (or truncates) a file for a log in the {@code LogFormat} layout, as {@link #create}
   * does. An implementation may make appends cheaper by letting the file run ahead of what was
   * appended with zero bytes (preallocated space) while it is open or after a crash; the log format
   * reads zero bytes at a record boundary as the end of the log. A file that never received an
   * append stays empty. {@link WritableFile#size} always counts the appended bytes only.
   */
  default WritableFile createLog(Path path) throws IOException {
    return create(path);
  }

  /** Opens an existing file for positional reads. */
  ReadableFile open(Path path) throws IOException;

  boolean exists(Path path);

  /** Size in bytes of an existing file. */
  long size(Path path) throws IOException;

  /** Names (not paths) of the entries of a directory, in no particular order. */
  List<String> list(Path dir) throws IOException;

  /** Deletes a file; no error if it does not exist. */
  void delete(Path path) throws IOException;

  /**
   * Atomically renames {@code from} to {@code to}, replacing {@code to} if it exists. Durable after
   * {@link #syncDir} of the parent.
   */
  void rename(Path from, Path to) throws IOException;

  /** Creates a directory and any missing parents. */
  void mkdirs(Path dir) throws IOException;

  /** Makes the directory's entries (creations, renames, deletions) durable. */
  void syncDir(Path dir) throws IOException;

  /**
   * Takes an exclusive lock on {@code path} (created if missing), across processes and within this
   * JVM. Throws {@link IOException} whose message says the file is locked when someone holds it.
   */
  Closeable lock(Path path) throws IOException;
}
