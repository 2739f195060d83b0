package org.cairndb.kafka.example;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Kafka cluster in KRaft mode (one process that is both controller and broker),
 * listening on the loopback interface only, on free ports, with its data in a directory of the
 * caller. It runs in a child JVM started from this JVM's class path, which must hold the Kafka
 * server artifacts ({@code kafka_2.13}); its storage is formatted first by Kafka's own storage
 * tool, as an operator would.
 *
 * <p>Settings are those of a throwaway development cluster: replication factor 1 everywhere
 * (including the transaction log, so exactly-once applications work), no initial rebalance delay
 * and short session and transaction-abort timeouts so failovers are quick.
 *
 * <p>Not thread-safe; the owner must {@link #close()} it, which kills the broker process.
 */
public final class KafkaBroker implements AutoCloseable {
  private static final List<String> JVM_ARGS =
      List.of(
          "-Xmx512m",
          "-Djava.net.preferIPv4Stack=true",
          "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
          "-Dorg.slf4j.simpleLogger.showDateTime=true",
          "-Dorg.slf4j.simpleLogger.log.kafka.log=warn",
          "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.storage=warn");

  private final ChildJvm process;
  private final String bootstrapServers;

  private KafkaBroker(ChildJvm process, String bootstrapServers) {
    this.process = process;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Formats storage under {@code dir}, starts the broker and waits until it answers a client.
   *
   * @param dir an empty or missing directory for the configuration and the log segments
   * @param logFile receives the broker's log
   * @param timeout how long formatting plus start-up may take
   * @throws IllegalStateException with the tail of the broker's log when it does not come up
   */
  public static KafkaBroker start(Path dir, Path logFile, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int brokerPort = freePort();
    int controllerPort = freePort();
    Path config = dir.resolve("server.properties");
    String bootstrap = "127.0.0.1:" + brokerPort;
    try {
      Files.createDirectories(dir.resolve("data"));
      Files.writeString(
          config,
          serverProperties(dir.resolve("data"), brokerPort, controllerPort),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    format(config, logFile, remaining(deadline));
    ChildJvm broker =
        ChildJvm.start(
            "kafka-broker", JVM_ARGS, "kafka.Kafka", List.of(config.toString()), logFile);
    try {
      awaitReady(broker, bootstrap, deadline);
      return new KafkaBroker(broker, bootstrap);
    } catch (RuntimeException | InterruptedException e) {
      broker.kill();
      broker.close();
      throw e;
    }
  }

  /** {@code host:port} for clients' {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The broker's process. */
  public ChildJvm process() {
    return process;
  }

  /** The last lines of the broker's log, for failure messages. */
  public String logTail(int lines) {
    return process.tail(lines);
  }

  /** A new admin client for this broker; the caller closes it. */
  public Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            10_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            30_000));
  }

  /**
   * Creates topics with the given partition counts (replication factor 1) and waits until the
   * broker leads every partition of them: a producer that starts earlier meets "not leader" errors.
   */
  public void createTopics(Map<String, Integer> partitionsByTopic)
      throws InterruptedException, ExecutionException {
    List<NewTopic> topics = new ArrayList<>();
    partitionsByTopic.forEach(
        (name, partitions) -> topics.add(new NewTopic(name, partitions, (short) 1)));
    try (Admin admin = admin()) {
      admin.createTopics(topics).all().get();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!allLed(admin, partitionsByTopic.keySet())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "topics " + partitionsByTopic.keySet() + " have no leader");
        }
        Thread.sleep(100);
      }
    }
  }

  private static boolean allLed(Admin admin, Collection<String> topics)
      throws InterruptedException {
    try {
      for (TopicDescription topic : admin.describeTopics(topics).allTopicNames().get().values()) {
        for (TopicPartitionInfo partition : topic.partitions()) {
          if (partition.leader() == null || partition.leader().isEmpty()) {
            return false;
          }
        }
      }
      return true;
    } catch (ExecutionException e) {
      // Not yet known to the broker's metadata: ask again.
      return false;
    }
  }

  /** Kills the broker (its data is throwaway, so no clean shutdown is needed). */
  @Override
  public void close() {
    try {
      process.kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      process.close();
    }
  }

  private static String serverProperties(Path data, int brokerPort, int controllerPort) {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.setProperty(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("log.dirs", data.toAbsolutePath().toString());
    p.setProperty("num.partitions", "1");
    p.setProperty("default.replication.factor", "1");
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "1");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("transaction.state.log.num.partitions", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("group.min.session.timeout.ms", "1000");
    // A killed exactly-once instance leaves an open transaction that blocks read-committed readers
    // (restoring instances, output consumers) until the coordinator aborts it: check often.
    p.setProperty("transaction.abort.timed.out.transaction.cleanup.interval.ms", "500");
    p.setProperty("auto.create.topics.enable", "false");
    p.setProperty("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
    StringBuilder out = new StringBuilder();
    p.stringPropertyNames().stream()
        .sorted()
        .forEach(k -> out.append(k).append('=').append(p.getProperty(k)).append('\n'));
    return out.toString();
  }

  private static void format(Path config, Path logFile, Duration timeout)
      throws InterruptedException {
    Path formatLog = logFile.resolveSibling(logFile.getFileName() + ".format");
    try (ChildJvm tool =
        ChildJvm.start(
            "kafka-storage-format",
            JVM_ARGS,
            "kafka.tools.StorageTool",
            List.of("format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()),
            formatLog)) {
      int code = tool.awaitExit(timeout);
      if (code != 0) {
        throw new IllegalStateException(
            "formatting the broker's storage failed (exit " + code + ")\n" + tool.tail(40));
      }
    }
  }

  private static void awaitReady(ChildJvm broker, String bootstrap, long deadline)
      throws InterruptedException {
    Map<String, Object> config =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            2_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            3_000);
    try (Admin admin = Admin.create(config)) {
      while (true) {
        if (!broker.isAlive()) {
          throw new IllegalStateException("the broker exited during start-up\n" + broker.tail(60));
        }
        try {
          if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException | KafkaException e) {
          // Not listening yet: try again until the deadline.
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the broker did not start in time\n" + broker.tail(60));
        }
        Thread.sleep(200);
      }
    }
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on the loopback interface", e);
    }
  }
}
