package org.cairndb.kafka.example;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One line the example application prints on standard output for whoever drives it (a test, the
 * benchmark): {@code cairn-app KIND name=value name=value...}, values without spaces. Immutable.
 *
 * <p>Kinds: {@code tasks} (state, active tasks; printed when either changes), {@code restore-start}
 * and {@code restore-end} (per store partition), {@code restored} (a completed restoration: records
 * and milliseconds), {@code processed} (the throughput report), {@code stopped}.
 *
 * @param kind what happened
 * @param fields its attributes, in print order
 */
public record AppEvent(String kind, Map<String, String> fields) {
  /** The prefix that marks an event among other output (log lines). */
  public static final String PREFIX = "cairn-app ";

  /** The attribute {@code name}, or throws {@link IllegalStateException} naming it when absent. */
  public String get(String name) {
    String value = fields.get(name);
    if (value == null) {
      throw new IllegalStateException("event " + this + " has no " + name);
    }
    return value;
  }

  /** The attribute {@code name} as a long. */
  public long getLong(String name) {
    return Long.parseLong(get(name));
  }

  /** The line for this event. */
  public String format() {
    StringBuilder line = new StringBuilder(PREFIX).append(kind);
    fields.forEach((name, value) -> line.append(' ').append(name).append('=').append(value));
    return line.toString();
  }

  /** The event on {@code line}, if it is one. */
  public static Optional<AppEvent> parse(String line) {
    if (!line.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String[] words = line.substring(PREFIX.length()).trim().split(" ", -1);
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 1; i < words.length; i++) {
      int eq = words[i].indexOf('=');
      if (eq > 0) {
        fields.put(words[i].substring(0, eq), words[i].substring(eq + 1));
      }
    }
    return Optional.of(new AppEvent(words[0], fields));
  }

  /** The events among {@code lines}, in order. */
  public static List<AppEvent> parseAll(List<String> lines) {
    return lines.stream().map(AppEvent::parse).flatMap(Optional::stream).toList();
  }
}
