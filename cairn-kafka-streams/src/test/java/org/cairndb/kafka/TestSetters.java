package org.cairndb.kafka;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.cairndb.MemoryBudget;
import org.cairndb.Options;

/** Config setters the tests name in the Streams configuration. */
final class TestSetters {
  private TestSetters() {}

  /** Sets a 64 KiB memtable and counts its calls. */
  public static final class TinyMemtable implements CairnConfigSetter {
    static final long MEMTABLE_BYTES = 64L << 10;
    static final AtomicInteger CONFIGURED = new AtomicInteger();
    static final AtomicInteger CLOSED = new AtomicInteger();

    public TinyMemtable() {}

    @Override
    public void setConfig(String storeName, Options.Builder options, Map<String, Object> configs) {
      options.memtableBytes(MEMTABLE_BYTES);
      CONFIGURED.incrementAndGet();
    }

    @Override
    public void close(String storeName, Options options) {
      if (options.memtableBytes() == MEMTABLE_BYTES) {
        CLOSED.incrementAndGet();
      }
    }
  }

  /** Hands one static budget to every store, as the {@link CairnConfigSetter} docs describe. */
  public static final class SharedBudget implements CairnConfigSetter {
    static final MemoryBudget BUDGET = MemoryBudget.of(8L << 20);

    public SharedBudget() {}

    @Override
    public void setConfig(String storeName, Options.Builder options, Map<String, Object> configs) {
      options.memoryBudget(BUDGET);
    }
  }

  /** Not a setter: naming it must fail the store's start. */
  public static final class NotASetter {
    public NotASetter() {}
  }
}
