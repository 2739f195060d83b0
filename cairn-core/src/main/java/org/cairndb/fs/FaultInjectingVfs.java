package org.cairndb.fs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps any {@link Vfs} and lets a test fail chosen operations. Every operation, on the file system
 * and on every file it hands out, is first counted and then passed to the installed {@link Policy},
 * which may throw; only if it does not is the operation forwarded. A failed operation therefore has
 * no effect on the wrapped file system, with one exception: a failed {@link Op#CLOSE} still closes
 * the wrapped file or lock (as {@code close(2)} frees the descriptor even when it reports an
 * error), so fault tests do not leak handles.
 *
 * <p>Injected failures are plain {@link IOException}s whose message starts with {@code "injected
 * fault:"}; {@link #diskFull} fails with {@code "No space left on device"}.
 *
 * <p>Thread-safe; the policy may be swapped at any time. Policies from the factories here are
 * stateful (they count from their creation) and thread-safe: use a fresh one per scenario.
 */
public final class FaultInjectingVfs implements Vfs {
  /** The operations a policy sees. File operations report the path the file was opened with. */
  public enum Op {
    CREATE,
    OPEN,
    APPEND,
    SYNC,
    /** {@link ReadableFile#readFully}. */
    READ,
    /** Closing a file or releasing a lock. */
    CLOSE,
    EXISTS,
    /** {@link Vfs#size} and {@link ReadableFile#size}. */
    SIZE,
    LIST,
    DELETE,
    RENAME,
    MKDIRS,
    SYNC_DIR,
    LOCK
  }

  /** Decides whether an operation fails. */
  @FunctionalInterface
  public interface Policy {
    /**
     * Throws to fail {@code op} on {@code path} (for {@link Op#RENAME}, the source). Returning
     * normally lets the operation proceed.
     */
    void check(Op op, Path path) throws IOException;

    /**
     * Called for {@link Op#APPEND} instead of {@link #check}, with the number of bytes about to be
     * appended; by default just {@code check(APPEND, path)}.
     */
    default void checkAppend(Path path, int len) throws IOException {
      check(Op.APPEND, path);
    }
  }

  private final Vfs delegate;
  private volatile Policy policy;
  private final AtomicLong operations = new AtomicLong();

  /** One counter per kind; the map is filled once here and never changed afterwards. */
  private final Map<Op, AtomicLong> counts = new EnumMap<>(Op.class);

  public FaultInjectingVfs(Vfs delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    for (Op op : Op.values()) {
      counts.put(op, new AtomicLong());
    }
  }

  /** The wrapped file system. */
  public Vfs delegate() {
    return delegate;
  }

  /** Installs {@code p}; {@code null} means no faults. */
  public void setPolicy(Policy p) {
    this.policy = p;
  }

  /** Operations attempted through this wrapper (failed ones included), all kinds together. */
  public long operationCount() {
    return operations.get();
  }

  /** Operations attempted so far per kind (every kind present, zero if never attempted). */
  public Map<Op, Long> countsByOp() {
    Map<Op, Long> result = new EnumMap<>(Op.class);
    for (Op op : Op.values()) {
      result.put(op, counts.get(op).get());
    }
    return result;
  }

  /**
   * Fails only the {@code nth} (0-based: 0 is the very next one) operation of kind {@code op} after
   * this policy is created; all others pass.
   */
  public static Policy failOnce(Op op, int nth) {
    Objects.requireNonNull(op, "op");
    if (nth < 0) {
      throw new IllegalArgumentException("nth must be >= 0: " + nth);
    }
    AtomicLong seen = new AtomicLong();
    return (o, path) -> {
      if (o == op && seen.getAndIncrement() == nth) {
        throw injected(o, path);
      }
    };
  }

  /**
   * Fails every operation, of any kind, from the {@code opIndex}-th (0-based) one seen by this
   * policy on: {@code failFrom(0)} fails everything, {@code failFrom(k)} lets exactly {@code k}
   * through.
   */
  public static Policy failFrom(long opIndex) {
    if (opIndex < 0) {
      throw new IllegalArgumentException("opIndex must be >= 0: " + opIndex);
    }
    AtomicLong seen = new AtomicLong();
    return (o, path) -> {
      if (seen.getAndIncrement() >= opIndex) {
        throw injected(o, path);
      }
    };
  }

  /**
   * Fails each operation whose kind is in {@code ops} with probability {@code probability}, drawing
   * from {@code rnd} (seed it to reproduce a run; draws happen only for matching operations).
   */
  public static Policy failRandomly(Random rnd, double probability, Set<Op> ops) {
    Objects.requireNonNull(rnd, "rnd");
    if (!(probability >= 0.0 && probability <= 1.0)) {
      throw new IllegalArgumentException("probability must be in [0, 1]: " + probability);
    }
    Set<Op> kinds = ops.isEmpty() ? EnumSet.noneOf(Op.class) : EnumSet.copyOf(ops);
    return (o, path) -> {
      if (kinds.contains(o)) {
        boolean fail;
        synchronized (rnd) {
          fail = rnd.nextDouble() < probability;
        }
        if (fail) {
          throw injected(o, path);
        }
      }
    };
  }

  /**
   * A disk of {@code capacityBytes}: an append fails with {@code IOException("No space left on
   * device")}, writing nothing, when the bytes admitted by this policy so far plus its own length
   * would exceed the capacity. Space is never given back (deletes do not free it); other operations
   * always pass.
   */
  public static Policy diskFull(long capacityBytes) {
    if (capacityBytes < 0) {
      throw new IllegalArgumentException("capacity must be >= 0: " + capacityBytes);
    }
    return new Policy() {
      private long used;

      @Override
      public void check(Op op, Path path) {}

      @Override
      public synchronized void checkAppend(Path path, int len) throws IOException {
        if (len > capacityBytes - used) {
          throw new IOException("No space left on device: " + path);
        }
        used += len;
      }
    };
  }

  /** A policy that consults each of {@code policies} in order; the first to throw wins. */
  public static Policy all(Policy... policies) {
    List<Policy> list = List.of(policies);
    return new Policy() {
      @Override
      public void check(Op op, Path path) throws IOException {
        for (Policy p : list) {
          p.check(op, path);
        }
      }

      @Override
      public void checkAppend(Path path, int len) throws IOException {
        for (Policy p : list) {
          p.checkAppend(path, len);
        }
      }
    };
  }

  private static IOException injected(Op op, Path path) {
    return new IOException("injected fault: " + op + " " + path);
  }

  void before(Op op, Path path) throws IOException {
    count(op);
    Policy p = policy;
    if (p != null) {
      p.check(op, path);
    }
  }

  void beforeAppend(Path path, int len) throws IOException {
    count(Op.APPEND);
    Policy p = policy;
    if (p != null) {
      p.checkAppend(path, len);
    }
  }

  /**
   * Closes {@code target} after consulting the policy for {@link Op#CLOSE}: the close always
   * happens, and an injected failure is thrown afterwards.
   */
  void closeThrough(Path path, Closeable target) throws IOException {
    IOException injectedFailure = null;
    try {
      before(Op.CLOSE, path);
    } catch (IOException e) {
      injectedFailure = e;
    }
    try {
      target.close();
    } catch (IOException e) {
      if (injectedFailure == null) {
        throw e;
      }
      injectedFailure.addSuppressed(e);
    }
    if (injectedFailure != null) {
      throw injectedFailure;
    }
  }

  private void count(Op op) {
    operations.incrementAndGet();
    counts.get(op).incrementAndGet();
  }

  @Override
  public WritableFile create(Path path) throws IOException {
    before(Op.CREATE, path);
    return new FaultWritableFile(this, path, delegate.create(path));
  }

  /** As {@link #create}, over the wrapped file system's log file (which may preallocate). */
  @Override
  public WritableFile createLog(Path path) throws IOException {
    before(Op.CREATE, path);
    return new FaultWritableFile(this, path, delegate.createLog(path));
  }

  @Override
  public ReadableFile open(Path path) throws IOException {
    before(Op.OPEN, path);
    return new FaultReadableFile(this, path, delegate.open(path));
  }

  /**
   * Forwards to the wrapped file system. {@link Vfs#exists} cannot throw, so a policy failure here
   * is reported as {@code false} (the file looks absent), the only failure it can express.
   */
  @Override
  public boolean exists(Path path) {
    try {
      before(Op.EXISTS, path);
    } catch (IOException e) {
      return false;
    }
    return delegate.exists(path);
  }

  @Override
  public long size(Path path) throws IOException {
    before(Op.SIZE, path);
    return delegate.size(path);
  }

  @Override
  public List<String> list(Path dir) throws IOException {
    before(Op.LIST, dir);
    return delegate.list(dir);
  }

  @Override
  public void delete(Path path) throws IOException {
    before(Op.DELETE, path);
    delegate.delete(path);
  }

  @Override
  public void rename(Path from, Path to) throws IOException {
    before(Op.RENAME, from);
    delegate.rename(from, to);
  }

  @Override
  public void mkdirs(Path dir) throws IOException {
    before(Op.MKDIRS, dir);
    delegate.mkdirs(dir);
  }

  @Override
  public void syncDir(Path dir) throws IOException {
    before(Op.SYNC_DIR, dir);
    delegate.syncDir(dir);
  }

  @Override
  public Closeable lock(Path path) throws IOException {
    before(Op.LOCK, path);
    Closeable inner = delegate.lock(path);
    return () -> closeThrough(path, inner);
  }

  @Override
  public String toString() {
    return "FaultInjectingVfs[" + delegate + "]";
  }
}
