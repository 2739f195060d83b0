package org.cairndb.kafka.example;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The example application's command-line options ({@code --name value} pairs), with defaults.
 * Immutable.
 *
 * @param bootstrapServers the Kafka cluster
 * @param applicationId Kafka Streams' application id (consumer group, internal topic prefix)
 * @param stateDir where the instance keeps its stores
 * @param engine the store's engine
 * @param inputTopic the payments topic
 * @param outputTopic the totals topic
 * @param exactlyOnce exactly-once (v2) processing, else at-least-once
 * @param threads stream threads
 * @param cacheBytes Kafka Streams' record cache in front of the store (0 = every update reaches the
 *     store and the output)
 * @param sessionTimeoutMs how soon the group notices a dead instance
 * @param transactionTimeoutMs how soon an open transaction of a dead instance is aborted
 * @param reportAfter print a throughput line once this many payments have been read (0 = never)
 * @param stopOnStdinEof stop when standard input ends (for a parent process that drives this one)
 */
public record AppOptions(
    String bootstrapServers,
    String applicationId,
    Path stateDir,
    StoreEngine engine,
    String inputTopic,
    String outputTopic,
    boolean exactlyOnce,
    int threads,
    long cacheBytes,
    int sessionTimeoutMs,
    int transactionTimeoutMs,
    long reportAfter,
    boolean stopOnStdinEof) {

  /** The usage text. */
  public static final String USAGE =
      """
      options:
        --bootstrap-servers HOST:PORT   the Kafka cluster (required)
        --application-id ID             default cairn-account-totals
        --state-dir DIR                 default ./kafka-streams-state
        --engine cairn|rocksdb          the store's engine, default cairn
        --input TOPIC                   payments (key account, value long), default payments
        --output TOPIC                  totals per account, default account-totals
        --guarantee exactly_once_v2|at_least_once   default exactly_once_v2
        --threads N                     stream threads, default 1
        --cache-bytes N                 record cache, default 10485760 (0 = none)
        --session-timeout-ms N          default 10000
        --transaction-timeout-ms N      default 10000
        --report-after N                print the throughput after N payments
        --stop-on-stdin-eof             stop when standard input ends""";

  private static final Set<String> FLAGS = Set.of("--stop-on-stdin-eof");

  /**
   * Parses {@code args}.
   *
   * @throws IllegalArgumentException naming the bad or missing option
   */
  public static AppOptions parse(List<String> args) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String name = args.get(i);
      if (!name.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + name + "'");
      }
      if (FLAGS.contains(name)) {
        values.put(name, "true");
      } else if (i + 1 < args.size()) {
        values.put(name, args.get(++i));
      } else {
        throw new IllegalArgumentException("option " + name + " needs a value");
      }
    }
    Set<String> known =
        Set.of(
            "--bootstrap-servers",
            "--application-id",
            "--state-dir",
            "--engine",
            "--input",
            "--output",
            "--guarantee",
            "--threads",
            "--cache-bytes",
            "--session-timeout-ms",
            "--transaction-timeout-ms",
            "--report-after",
            "--stop-on-stdin-eof");
    for (String name : values.keySet()) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown option " + name);
      }
    }
    String bootstrap = values.get("--bootstrap-servers");
    if (bootstrap == null) {
      throw new IllegalArgumentException("--bootstrap-servers is required");
    }
    String guarantee = values.getOrDefault("--guarantee", "exactly_once_v2");
    if (!guarantee.equals("exactly_once_v2") && !guarantee.equals("at_least_once")) {
      throw new IllegalArgumentException(
          "--guarantee must be exactly_once_v2 or at_least_once, not '" + guarantee + "'");
    }
    return new AppOptions(
        bootstrap,
        values.getOrDefault("--application-id", "cairn-account-totals"),
        Path.of(values.getOrDefault("--state-dir", "kafka-streams-state")),
        StoreEngine.parse(values.getOrDefault("--engine", "cairn")),
        values.getOrDefault("--input", "payments"),
        values.getOrDefault("--output", "account-totals"),
        guarantee.equals("exactly_once_v2"),
        positiveInt(values, "--threads", 1),
        nonNegativeLong(values, "--cache-bytes", 10L << 20),
        positiveInt(values, "--session-timeout-ms", 10_000),
        positiveInt(values, "--transaction-timeout-ms", 10_000),
        nonNegativeLong(values, "--report-after", 0),
        values.containsKey("--stop-on-stdin-eof"));
  }

  private static int positiveInt(Map<String, String> values, String name, int otherwise) {
    long value = nonNegativeLong(values, name, otherwise);
    if (value < 1 || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + " must be a positive int");
    }
    return (int) value;
  }

  private static long nonNegativeLong(Map<String, String> values, String name, long otherwise) {
    String text = values.get(name);
    if (text == null) {
      return otherwise;
    }
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, not '" + text + "'", e);
    }
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative");
    }
    return value;
  }
}
