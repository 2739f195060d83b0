package org.cairndb.internal.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A cache value backed by one array that a {@link BlockCache} gives to a later block once the value
 * has been evicted and no reader holds it any more. Reads of data far larger than the cache admit a
 * block now and then and evict another; without reuse each evicted block is an array that lived
 * long enough to reach the old generation, and the collector lets the heap grow to its bound with
 * them before it reclaims any.
 *
 * <p>A reader holds a value by a pin. A value is created pinned once, for the thread that made it;
 * {@link BlockCache#get} pins what it returns, atomically with the lookup; every pin is undone by
 * one {@link #unpin}, after which the reader must not touch the value or its array again. The array
 * goes back to the cache's pool when the value is both evicted and unpinned, whichever comes last.
 * A value that is never unpinned (a leaked iterator) is simply collected as garbage.
 */
public abstract class Recyclable {
  private static final int EVICTED = 1;
  private static final int PIN = 2;
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Recyclable.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** {@code PIN} per pin held, plus {@code EVICTED} once the cache has dropped the value. */
  private volatile int state = PIN;

  /** Where the array goes once evicted and unpinned; set when a cache takes the value. */
  private volatile ArrayPool pool;

  /** The array handed back to the pool: nothing else may refer to it by then. */
  protected abstract byte[] array();

  /** Releases one pin. The caller must not use this value again unless it holds another pin. */
  public final void unpin() {
    int s = (int) STATE.getAndAdd(this, -PIN) - PIN;
    if (s == EVICTED) {
      recycle();
    } else if (s < 0) {
      throw new IllegalStateException("value unpinned more often than pinned");
    }
  }

  /** Pins held now (for tests). */
  final int pins() {
    return state >>> 1;
  }

  /** Takes a pin for a reader; only while the value is in the cache (under its shard's lock). */
  final void pin() {
    STATE.getAndAdd(this, PIN);
  }

  /** Marks the value as taken by a cache whose pool gets its array back. */
  final void cachedIn(ArrayPool p) {
    pool = p;
  }

  /**
   * The cache dropped the value: recycle its array now if nobody holds it, else at the last unpin.
   */
  final void evict() {
    int s = (int) STATE.getAndBitwiseOr(this, EVICTED);
    if (s == 0) {
      recycle();
    }
  }

  private void recycle() {
    ArrayPool p = pool;
    if (p != null) {
      p.give(array());
    }
  }
}
