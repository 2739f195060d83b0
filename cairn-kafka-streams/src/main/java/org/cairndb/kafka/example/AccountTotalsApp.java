package org.cairndb.kafka.example;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;

/**
 * The example Kafka Streams application: sums payments per account into a persistent store (Cairn
 * by default) and publishes the totals (see {@link AccountTotalsTopology}).
 *
 * <p>{@code java -jar cairn-kafka-streams.jar --bootstrap-servers HOST:PORT [options]} runs one
 * instance until Ctrl-C; start several with the same application id to share the input's
 * partitions. {@code java -jar cairn-kafka-streams.jar demo} runs a self-contained demonstration
 * with its own broker (see {@link EmbeddedDemo}). The instance prints {@link AppEvent} lines on
 * standard output.
 */
public final class AccountTotalsApp {
  /** Held so that the level set on it stays (the logging framework keeps loggers weakly). */
  private static final Logger ENGINE_LOGGER = Logger.getLogger("org.cairndb");

  private AccountTotalsApp() {}

  public static void main(String[] args) throws Exception {
    quietLogs();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    if (args.length > 0 && args[0].equals("demo")) {
      EmbeddedDemo.run(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    AppOptions options;
    try {
      if (args.length == 0 || args[0].equals("--help")) {
        out.println("usage: java -jar cairn-kafka-streams.jar demo [--help]");
        out.println("   or: java -jar cairn-kafka-streams.jar --bootstrap-servers HOST:PORT ...");
        out.println(AppOptions.USAGE);
        return;
      }
      options = AppOptions.parse(List.of(args));
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(AppOptions.USAGE);
      System.exit(2);
      return;
    }
    System.exit(run(options, out, System.in));
  }

  /**
   * Runs one instance until {@code stdin} ends (with {@code --stop-on-stdin-eof}), the JVM shuts
   * down, or the instance fails.
   *
   * @return the process exit code: 0 after a clean stop, 1 when the instance failed
   */
  static int run(AppOptions options, PrintStream out, InputStream stdin)
      throws InterruptedException {
    LongAdder processed = new LongAdder();
    InstanceMonitor monitor = new InstanceMonitor(out, processed, options.reportAfter());
    KeyValueBytesStoreSupplier supplier =
        options.engine().supplier(AccountTotalsTopology.STORE_NAME);
    KafkaStreams streams =
        new KafkaStreams(
            AccountTotalsTopology.build(
                options.inputTopic(), options.outputTopic(), supplier, processed),
            streamsConfig(options));
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    streams.setGlobalStateRestoreListener(monitor);
    streams.setUncaughtExceptionHandler(
        e -> {
          e.printStackTrace(out);
          stop.countDown();
          return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    streams.setStateListener(
        (now, before) -> {
          if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
            stop.countDown();
          }
        });
    monitor.attach(streams);
    // On SIGTERM or Ctrl-C the JVM exits once its hooks return: this one waits for the close.
    Thread shutdownHook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                closed.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "stop-on-signal");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    if (options.stopOnStdinEof()) {
      startDaemon("stop-on-stdin-eof", () -> awaitEof(stdin, stop));
    }
    startDaemon("instance-monitor", () -> watch(monitor, stop));
    monitor.print(
        "started",
        "engine",
        options.engine().cliName(),
        "scope",
        supplier.metricsScope(),
        "pid",
        Long.toString(ProcessHandle.current().pid()));
    streams.start();
    stop.await();
    boolean failed = streams.state() == KafkaStreams.State.ERROR;
    streams.close(Duration.ofSeconds(30));
    monitor.print("stopped", "failed", Boolean.toString(failed));
    closed.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook has run.
    }
    return failed ? 1 : 0;
  }

  /**
   * Warnings only from Kafka's clients (through SLF4J's simple binding, configured by system
   * properties that a {@code -D} on the command line overrides) and from the Cairn engine.
   */
  public static void quietLogs() {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    // Clients warn about every refused connection while a broker starts: expected here.
    String networkClient = "org.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient";
    if (System.getProperty(networkClient) == null) {
      System.setProperty(networkClient, "error");
    }
    ENGINE_LOGGER.setLevel(Level.WARNING);
  }

  /** The Kafka Streams configuration for {@code options}. */
  static Properties streamsConfig(AppOptions options) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, options.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
    p.put(StreamsConfig.STATE_DIR_CONFIG, options.stateDir().toAbsolutePath().toString());
    p.put(
        StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
        options.exactlyOnce() ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, options.threads());
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, options.cacheBytes());
    // The behaviour Kafka makes the default in its next major version (and warns about without);
    // the key is spelled out because its constant is already deprecated for that removal.
    p.put("processing.exception.handler.global.enabled", true);
    // State comes back from the changelog, never from a standby: that is what is exercised.
    p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 0);
    int session = options.sessionTimeoutMs();
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), session);
    p.put(
        StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
        Math.max(100, session / 4));
    p.put(
        StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
        options.transactionTimeoutMs());
    return p;
  }

  private static void awaitEof(InputStream stdin, CountDownLatch stop) {
    byte[] buffer = new byte[256];
    try {
      while (stdin.read(buffer) >= 0) {
        // Input is ignored; only its end matters.
      }
    } catch (IOException e) {
      // A broken pipe means the parent is gone: stop as for an orderly end of input.
    }
    stop.countDown();
  }

  private static void watch(InstanceMonitor monitor, CountDownLatch stop) {
    try {
      while (stop.getCount() > 0) {
        monitor.poll();
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void startDaemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }
}
