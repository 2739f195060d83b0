package org.cairndb.kafka.it;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.cairndb.kafka.example.AccountTotalsApp;
import org.cairndb.kafka.example.AppEvent;
import org.cairndb.kafka.example.ChildJvm;

/**
 * One instance of the example application in its own JVM, and what its {@link AppEvent} output says
 * about it. Not thread-safe; the owner closes it (which stops the JVM).
 */
final class Instance implements AutoCloseable {
  private static final List<String> JVM_ARGS =
      List.of(
          "-Xmx256m",
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1",
          "-Djava.net.preferIPv4Stack=true",
          "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

  private final ChildJvm jvm;

  private Instance(ChildJvm jvm) {
    this.jvm = jvm;
  }

  /** Starts an instance with the given application options (plus stop-on-stdin-eof). */
  static Instance start(String name, Path logFile, List<String> options) {
    List<String> args = new java.util.ArrayList<>(options);
    args.add("--stop-on-stdin-eof");
    return new Instance(
        ChildJvm.start(name, JVM_ARGS, AccountTotalsApp.class.getName(), args, logFile));
  }

  ChildJvm jvm() {
    return jvm;
  }

  /** The metrics scope of the instance's store supplier ({@code cairn}, {@code rocksdb}), or "". */
  String storeScope() {
    for (AppEvent event : events()) {
      if (event.kind().equals("started")) {
        return event.get("scope");
      }
    }
    return "";
  }

  /** All events printed so far. */
  List<AppEvent> events() {
    return AppEvent.parseAll(jvm.outputLines());
  }

  /** The last {@code tasks} event's state, or "" before the first. */
  String state() {
    return lastTasksEvent() == null ? "" : lastTasksEvent().get("state");
  }

  /** The active tasks of the last {@code tasks} event (e.g. {@code 0_1}). */
  Set<String> activeTasks() {
    AppEvent last = lastTasksEvent();
    if (last == null || last.get("active").isEmpty()) {
      return Set.of();
    }
    return new TreeSet<>(Arrays.asList(last.get("active").split(",", -1)));
  }

  /** Whether the instance is running with at least one active task. */
  boolean runningWithTasks() {
    return state().equals("RUNNING") && !activeTasks().isEmpty();
  }

  private AppEvent lastTasksEvent() {
    AppEvent last = null;
    for (AppEvent event : events()) {
      if (event.kind().equals("tasks")) {
        last = event;
      }
    }
    return last;
  }

  String tail() {
    return jvm.tail(40);
  }

  @Override
  public void close() {
    jvm.close();
  }
}
