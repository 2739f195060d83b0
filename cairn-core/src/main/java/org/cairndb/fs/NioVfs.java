package org.cairndb.fs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The real file system, on {@link FileChannel}. Stateless apart from the JVM-wide registry of held
 * locks, so one shared instance ({@link #get()}) serves everyone; constructing more is harmless.
 *
 * <p>New files are created {@code rw-------} and new directories {@code rwx------} where the file
 * system supports POSIX permissions (the database may hold anything its users store); elsewhere the
 * platform default applies.
 *
 * <p>Locks combine an OS file lock ({@link FileChannel#tryLock()}, which excludes other processes)
 * with an in-JVM registry of held lock files: OS locks belong to the whole process, so a second
 * attempt from the same JVM must be refused here. The registry is consulted <em>before</em> any
 * channel is opened on the lock file because on POSIX closing any descriptor of a file drops every
 * lock the process holds on it.
 */
public final class NioVfs implements Vfs {
  private static final NioVfs INSTANCE = new NioVfs();

  /** Real paths of lock files held by this JVM; guarded by itself. */
  private static final Set<String> HELD_LOCKS = new HashSet<>();

  /** Whether {@link #createLog} maps log files; see there. */
  private static final boolean MAPPED_LOGS = Unmapper.available() && isLinux();

  private static final String FILE_PERMISSIONS = "rw-------";
  private static final String DIR_PERMISSIONS = "rwx------";

  public NioVfs() {}

  /** The shared instance. */
  public static NioVfs get() {
    return INSTANCE;
  }

  @Override
  public WritableFile create(Path path) throws IOException {
    return new NioWritableFile(path, openTruncated(path, false));
  }

  /**
   * On Linux, where {@code fdatasync} of a file also writes the pages dirtied through its shared
   * mappings, a {@link MappedLogFile} (appends are memory copies, no system call); elsewhere, or
   * when the JVM cannot unmap, the same as {@link #create}.
   */
  @Override
  public WritableFile createLog(Path path) throws IOException {
    if (!MAPPED_LOGS) {
      return create(path);
    }
    return new MappedLogFile(path, openTruncated(path, true)); // mapping needs read access
  }

  /** Creates or truncates {@code path} for writing (and reading, if asked). */
  private static FileChannel openTruncated(Path path, boolean read) throws IOException {
    Set<StandardOpenOption> options =
        EnumSet.of(
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
    if (read) {
      options.add(StandardOpenOption.READ);
    }
    return openWithPermissions(path, options);
  }

  @Override
  public ReadableFile open(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      // Linux lets a directory be opened for reading; refuse it here so the error comes early.
      throw new IOException("is a directory: " + path);
    }
    return new NioReadableFile(path);
  }

  @Override
  public boolean exists(Path path) {
    return Files.exists(path);
  }

  @Override
  public long size(Path path) throws IOException {
    return Files.size(path);
  }

  @Override
  public List<String> list(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        names.add(entry.getFileName().toString());
      }
    }
    return names;
  }

  @Override
  public void delete(Path path) throws IOException {
    Files.deleteIfExists(path);
  }

  @Override
  public void rename(Path from, Path to) throws IOException {
    // On POSIX rename(2) replaces the target atomically; REPLACE_EXISTING documents the intent.
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void mkdirs(Path dir) throws IOException {
    FileAttribute<?>[] attrs = permissionAttributes(dir, DIR_PERMISSIONS);
    try {
      Files.createDirectories(dir, attrs);
    } catch (UnsupportedOperationException e) {
      Files.createDirectories(dir);
    }
  }

  @Override
  public void syncDir(Path dir) throws IOException {
    FileChannel ch;
    try {
      ch = FileChannel.open(dir, StandardOpenOption.READ);
    } catch (AccessDeniedException e) {
      // Windows cannot open a directory as a file and has no directory fsync to offer; NTFS makes
      // metadata changes durable by itself. Everywhere else this is a real error.
      if (isWindows() && Files.isDirectory(dir)) {
        return;
      }
      throw e;
    }
    try (ch) {
      ch.force(true);
    }
  }

  @Override
  public Closeable lock(Path path) throws IOException {
    Path abs = path.toAbsolutePath().normalize();
    try {
      Files.createFile(abs, permissionAttributes(abs, FILE_PERMISSIONS));
    } catch (FileAlreadyExistsException e) {
      // Fine: lock files are left behind on purpose; the lock is the OS lock, not the file.
    } catch (UnsupportedOperationException e) {
      try {
        Files.createFile(abs);
      } catch (FileAlreadyExistsException e2) {
        // As above.
      }
    }
    String key = abs.toRealPath().toString();
    synchronized (HELD_LOCKS) {
      if (!HELD_LOCKS.add(key)) {
        throw lockedException(path);
      }
    }
    FileChannel ch = null;
    try {
      ch = FileChannel.open(abs, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        // Only reachable if someone in this JVM locked the file without going through NioVfs.
        lock = null;
      }
      if (lock == null) {
        throw lockedException(path);
      }
      return new NioLock(key, ch, lock);
    } catch (IOException | RuntimeException e) {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException closeFailure) {
          e.addSuppressed(closeFailure);
        }
      }
      releaseKey(key);
      throw e;
    }
  }

  static void releaseKey(String key) {
    synchronized (HELD_LOCKS) {
      HELD_LOCKS.remove(key);
    }
  }

  private static IOException lockedException(Path path) {
    return new IOException("database is locked / in use by another process: " + path);
  }

  private static FileChannel openWithPermissions(Path path, Set<StandardOpenOption> options)
      throws IOException {
    FileAttribute<?>[] attrs = permissionAttributes(path, FILE_PERMISSIONS);
    try {
      return FileChannel.open(path, options, attrs);
    } catch (UnsupportedOperationException e) {
      return FileChannel.open(path, options);
    }
  }

  private static FileAttribute<?>[] permissionAttributes(Path path, String permissions) {
    if (!path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
    };
  }

  private static boolean isLinux() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
  }
}
