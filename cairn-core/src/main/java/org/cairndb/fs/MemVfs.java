package org.cairndb.fs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A complete in-memory file system that can simulate power loss and process crashes, for tests and
 * for users who want a throw-away database.
 *
 * <p><b>Model.</b> Paths are keyed by their normalized absolute form. A directory maps names to
 * inodes twice: the <em>live</em> view (what operations see) and the <em>durable</em> view, which
 * becomes a copy of the live view only when {@link #syncDir} is called on that directory. So a
 * created, renamed-in or deleted entry is durable only after {@code syncDir} of its parent; a
 * rename between directories needs both synced (syncing only one can leave the file under both
 * names, or under neither if its source was never durable). An inode holds the file bytes and its
 * synced length: the prefix covered by the last {@link WritableFile#sync()}. {@link #create} of an
 * existing file truncates that inode in place and the truncation counts as durable at once (the
 * pessimistic choice: old content never comes back after a crash). Directories themselves (their
 * creation by {@link #mkdirs} and removal by {@link #delete}) are durable immediately; renaming
 * directories is not supported.
 *
 * <ul>
 *   <li>{@link #crashClone()}: power loss. Each directory reverts to its durable view; each
 *       surviving inode is cut to its synced length.
 *   <li>{@link #crashClone(Random)}: power loss with torn writes. As above, but each surviving file
 *       also keeps a random-length prefix of its unsynced tail (none, all, or anything between).
 *       Only prefixes: bytes never survive out of order and are never garbled.
 *   <li>{@link #processCrashClone()}: {@code kill -9}. The OS keeps everything: all live entries
 *       and all appended bytes, with the sync state unchanged (a later power loss can still lose
 *       the unsynced part).
 * </ul>
 *
 * Clones share nothing with the original; open handles and locks never carry over.
 *
 * <p><b>Thread-safety.</b> Thread-safe. Name operations synchronize on this object; reads and
 * appends of an open file only lock that file's inode.
 */
public final class MemVfs implements Vfs {
  /** Directory by normalized absolute path; guarded by {@code this}. */
  private final TreeMap<String, MemDir> dirs = new TreeMap<>();

  /** Lock files currently held, by normalized absolute path; guarded by {@code this}. */
  private final Set<String> heldLocks = new HashSet<>();

  private final AtomicInteger openHandles = new AtomicInteger();

  public MemVfs() {}

  @Override
  public synchronized WritableFile create(Path path) throws IOException {
    Path abs = normalize(path);
    refuseDirectory(abs);
    MemDir dir = parentDir(abs);
    String name = fileName(abs);
    MemInode inode = dir.live.get(name);
    if (inode == null) {
      inode = new MemInode();
      dir.live.put(name, inode);
    } else {
      inode.truncate(0);
    }
    openHandles.incrementAndGet();
    return new MemWritableFile(this, abs.toString(), inode);
  }

  @Override
  public synchronized ReadableFile open(Path path) throws IOException {
    Path abs = normalize(path);
    MemInode inode = existingFile(abs);
    openHandles.incrementAndGet();
    return new MemReadableFile(this, abs.toString(), inode);
  }

  @Override
  public synchronized boolean exists(Path path) {
    Path abs = normalize(path);
    return abs.getParent() == null || dirs.containsKey(abs.toString()) || liveInode(abs) != null;
  }

  @Override
  public synchronized long size(Path path) throws IOException {
    return existingFile(normalize(path)).length();
  }

  @Override
  public synchronized List<String> list(Path dirPath) throws IOException {
    Path abs = normalize(dirPath);
    String key = abs.toString();
    MemDir dir = dirs.get(key);
    if (dir == null) {
      if (liveInode(abs) != null) {
        throw new NotDirectoryException(dirPath.toString());
      }
      throw new NoSuchFileException(dirPath.toString());
    }
    List<String> names = new ArrayList<>(dir.live.keySet());
    for (Map.Entry<String, MemDir> e : dirs.entrySet()) {
      if (key.equals(e.getValue().parentKey)) {
        names.add(e.getValue().name);
      }
    }
    return names;
  }

  @Override
  public synchronized void delete(Path path) throws IOException {
    Path abs = normalize(path);
    String key = abs.toString();
    if (dirs.containsKey(key)) {
      if (!dirs.get(key).live.isEmpty() || hasSubdirectory(key)) {
        throw new DirectoryNotEmptyException(path.toString());
      }
      dirs.remove(key);
      return;
    }
    MemDir parent = abs.getParent() == null ? null : dirs.get(abs.getParent().toString());
    if (parent != null) {
      parent.live.remove(fileName(abs));
    }
  }

  @Override
  public synchronized void rename(Path from, Path to) throws IOException {
    Path src = normalize(from);
    Path dst = normalize(to);
    if (dirs.containsKey(src.toString())) {
      throw new IOException("MemVfs cannot rename directories: " + from);
    }
    MemInode inode = existingFile(src);
    refuseDirectory(dst);
    MemDir dstDir = parentDir(dst);
    if (src.equals(dst)) {
      return;
    }
    dstDir.live.put(fileName(dst), inode);
    dirs.get(src.getParent().toString()).live.remove(fileName(src));
  }

  @Override
  public synchronized void mkdirs(Path dirPath) throws IOException {
    Deque<Path> missing = new ArrayDeque<>();
    for (Path p = normalize(dirPath); p != null; p = p.getParent()) {
      if (dirs.containsKey(p.toString())) {
        break;
      }
      if (liveInode(p) != null) {
        throw new FileAlreadyExistsException(p.toString(), null, "a file is in the way");
      }
      missing.push(p);
    }
    while (!missing.isEmpty()) {
      Path p = missing.pop();
      Path parent = p.getParent();
      dirs.put(p.toString(), new MemDir(parent == null ? null : parent.toString(), fileName(p)));
    }
  }

  @Override
  public synchronized void syncDir(Path dirPath) throws IOException {
    MemDir dir = dirs.get(normalize(dirPath).toString());
    if (dir == null) {
      throw new NoSuchFileException(dirPath.toString());
    }
    dir.sync();
  }

  @Override
  public synchronized Closeable lock(Path path) throws IOException {
    Path abs = normalize(path);
    String key = abs.toString();
    if (heldLocks.contains(key)) {
      throw new IOException("database is locked / in use by another process: " + path);
    }
    refuseDirectory(abs);
    MemDir dir = parentDir(abs);
    dir.live.putIfAbsent(fileName(abs), new MemInode());
    heldLocks.add(key);
    return new Closeable() {
      private boolean released;

      @Override
      public void close() {
        synchronized (MemVfs.this) {
          if (!released) {
            released = true;
            heldLocks.remove(key);
          }
        }
      }
    };
  }

  /** What survives power loss: durable directory entries, each file cut to its synced length. */
  public MemVfs crashClone() {
    return crashClone(null);
  }

  /**
   * What survives power loss with torn writes: like {@link #crashClone()}, but every surviving file
   * also keeps a prefix of random length (possibly empty, possibly all) of its unsynced bytes. Only
   * prefixes survive: the kept bytes are exactly the bytes that were appended, in order. The result
   * depends only on the state and on {@code rnd}'s sequence, so a seed reproduces it.
   */
  public synchronized MemVfs crashClone(Random rnd) {
    MemVfs clone = new MemVfs();
    IdentityHashMap<MemInode, MemInode> copies = new IdentityHashMap<>();
    for (Map.Entry<String, MemDir> e : dirs.entrySet()) {
      MemDir dir = e.getValue();
      MemDir copy = new MemDir(dir.parentKey, dir.name);
      for (Map.Entry<String, MemInode> f : dir.durable.entrySet()) {
        MemInode survivor = copies.computeIfAbsent(f.getValue(), i -> i.crashCopy(rnd));
        copy.live.put(f.getKey(), survivor);
        copy.durable.put(f.getKey(), survivor);
      }
      clone.dirs.put(e.getKey(), copy);
    }
    return clone;
  }

  /**
   * What survives {@code kill -9} of the process: every directory entry as it is now and every
   * appended byte, synced or not. The sync state is copied too, so a {@link #crashClone()} of the
   * result still loses what was never synced.
   */
  public synchronized MemVfs processCrashClone() {
    MemVfs clone = new MemVfs();
    IdentityHashMap<MemInode, MemInode> copies = new IdentityHashMap<>();
    for (Map.Entry<String, MemDir> e : dirs.entrySet()) {
      MemDir dir = e.getValue();
      MemDir copy = new MemDir(dir.parentKey, dir.name);
      for (Map.Entry<String, MemInode> f : dir.live.entrySet()) {
        copy.live.put(f.getKey(), copies.computeIfAbsent(f.getValue(), MemInode::copy));
      }
      for (Map.Entry<String, MemInode> f : dir.durable.entrySet()) {
        copy.durable.put(f.getKey(), copies.computeIfAbsent(f.getValue(), MemInode::copy));
      }
      clone.dirs.put(e.getKey(), copy);
    }
    return clone;
  }

  /**
   * Flips bit {@code bit} (0-7) of the byte at {@code byteOffset} (damage for tests).
   *
   * @throws IllegalArgumentException if the file does not exist or the offset is out of range
   */
  public void flipBit(Path p, long byteOffset, int bit) {
    fileForDamage(p).flipBit(byteOffset, bit);
  }

  /**
   * Overwrites {@code data} at {@code offset} in place, extending the file if it runs past the end
   * (damage for tests; the sync state is unchanged, so synced bytes stay "on disk" damaged).
   *
   * @throws IllegalArgumentException if the file does not exist or {@code offset} is beyond its end
   */
  public void writeBytes(Path p, long offset, byte[] data) {
    fileForDamage(p).overwrite(offset, data);
  }

  /**
   * Cuts a file to {@code newLength} bytes (damage for tests).
   *
   * @throws IllegalArgumentException if the file does not exist or is shorter than {@code
   *     newLength}
   */
  public void truncate(Path p, long newLength) {
    fileForDamage(p).truncate(newLength);
  }

  /**
   * A copy of a file's current bytes.
   *
   * @throws IllegalArgumentException if the file does not exist
   */
  public byte[] readAll(Path p) {
    return fileForDamage(p).contents();
  }

  /** Files opened or created and not yet closed (for leak checks). */
  public int openHandles() {
    return openHandles.get();
  }

  void handleClosed() {
    openHandles.decrementAndGet();
  }

  private synchronized MemInode fileForDamage(Path p) {
    MemInode inode = liveInode(normalize(p));
    if (inode == null) {
      throw new IllegalArgumentException("no such file: " + p);
    }
    return inode;
  }

  private static Path normalize(Path path) {
    return path.toAbsolutePath().normalize();
  }

  private static String fileName(Path abs) {
    Path name = abs.getFileName();
    return name == null ? abs.toString() : name.toString();
  }

  /** The directory an absolute path lives in; roots exist implicitly. */
  private MemDir parentDir(Path abs) throws IOException {
    Path parent = abs.getParent();
    if (parent == null) {
      throw new FileSystemException(abs.toString(), null, "is a root directory");
    }
    MemDir dir = dirs.get(parent.toString());
    if (dir == null && parent.getParent() == null) {
      dir = new MemDir(null, parent.toString());
      dirs.put(parent.toString(), dir);
    }
    if (dir == null) {
      if (liveInode(parent) != null) {
        throw new NotDirectoryException(parent.toString());
      }
      throw new NoSuchFileException(abs.toString(), null, "parent directory does not exist");
    }
    return dir;
  }

  private MemInode liveInode(Path abs) {
    Path parent = abs.getParent();
    if (parent == null) {
      return null;
    }
    MemDir dir = dirs.get(parent.toString());
    return dir == null ? null : dir.live.get(fileName(abs));
  }

  private MemInode existingFile(Path abs) throws IOException {
    refuseDirectory(abs);
    MemInode inode = liveInode(abs);
    if (inode == null) {
      throw new NoSuchFileException(abs.toString());
    }
    return inode;
  }

  private void refuseDirectory(Path abs) throws IOException {
    if (dirs.containsKey(abs.toString()) || abs.getParent() == null) {
      throw new FileSystemException(abs.toString(), null, "is a directory");
    }
  }

  private boolean hasSubdirectory(String key) {
    for (MemDir d : dirs.values()) {
      if (key.equals(d.parentKey)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public synchronized String toString() {
    return "MemVfs[" + dirs.size() + " directories, " + openHandles.get() + " open files]";
  }
}
