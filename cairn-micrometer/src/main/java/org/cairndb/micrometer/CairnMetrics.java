package org.cairndb.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.Objects;
import org.cairndb.Cairn;
import org.cairndb.CairnException;
import org.cairndb.Statistics;

/**
 * Publishes the {@link Cairn#statistics()} of one database as Micrometer meters: each figure named
 * {@code cairn.<name>} (a {@link FunctionCounter} for a counter, a {@link Gauge} for the rest and
 * for write amplification), tagged with the tags given here. Per-level figures ({@code files.L3})
 * become one meter name with a {@code level} tag ({@code cairn.files{level=3}}). Figures in bytes
 * have the base unit {@code bytes}, those in milliseconds {@code milliseconds}.
 *
 * <p>The meters read the database when they are read (each read takes a fresh {@code Statistics})
 * and never keep it alive: this binder and every meter hold it weakly. Once the database is closed
 * every meter reads NaN; once it is garbage collected, gauges read NaN and counters their last
 * value. The set of meters is the set of figures when {@link #bindTo} runs.
 *
 * <pre>{@code
 * new CairnMetrics(db, "orders").bindTo(registry);   // tag db=orders
 * }</pre>
 *
 * Thread-safe.
 */
public final class CairnMetrics implements MeterBinder {
  /** The prefix of every meter name. */
  public static final String PREFIX = "cairn.";

  /** The tag key of per-level meters. */
  public static final String LEVEL_TAG = "level";

  private final WeakReference<Cairn> db;
  private final Tags tags;

  /** Meters tagged {@code db=name}. */
  public CairnMetrics(Cairn db, String name) {
    this(db, Tags.of("db", Objects.requireNonNull(name, "name")));
  }

  /** Meters with the given tags. */
  public CairnMetrics(Cairn db, Iterable<Tag> tags) {
    this.db = new WeakReference<>(Objects.requireNonNull(db, "db"));
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  /**
   * Registers one meter per figure of the database's statistics now.
   *
   * @throws CairnException if the database is closed or no longer exists
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    Cairn d = db.get();
    if (d == null) {
      throw new CairnException("the database of these metrics no longer exists");
    }
    Statistics s = d.statistics();
    for (String name : s.asMap().keySet()) {
      MeterName m = MeterName.of(name);
      if (s.counters().contains(name)) {
        FunctionCounter.builder(PREFIX + m.base(), d, x -> figure(x, name))
            .tags(tags)
            .tags(m.tags())
            .baseUnit(unit(name))
            .register(registry);
      } else {
        Gauge.builder(PREFIX + m.base(), d, x -> figure(x, name))
            .tags(tags)
            .tags(m.tags())
            .baseUnit(unit(name))
            .register(registry);
      }
    }
    for (String name : s.ratios().keySet()) {
      Gauge.builder(PREFIX + name, d, x -> ratio(x, name)).tags(tags).register(registry);
    }
  }

  /** The figure now; NaN when the database is closed or the figure gone. */
  private static double figure(Cairn db, String name) {
    try {
      Long v = db.statistics().asMap().get(name);
      return v == null ? Double.NaN : (double) v;
    } catch (CairnException e) {
      return Double.NaN;
    }
  }

  private static double ratio(Cairn db, String name) {
    try {
      Map<String, Double> ratios = db.statistics().ratios();
      return ratios.getOrDefault(name, Double.NaN);
    } catch (CairnException e) {
      return Double.NaN;
    }
  }

  private static String unit(String name) {
    if (name.contains("bytes")) {
      return BaseUnits.BYTES;
    }
    return name.endsWith(".millis") ? "milliseconds" : null;
  }
}
