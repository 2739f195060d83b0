package org.cairndb.cli;

import java.util.HashSet;
import java.util.Set;

/**
 * One subcommand of {@code cairn}: its name, its help text, the options it accepts and what it
 * does. Subclasses are stateless singletons that pass their description to the constructor and
 * implement {@link #run}, which gets everything it needs. Immutable.
 */
abstract class Command {
  /** The flags of {@link ByteFormat}: how keys and values are given and shown. */
  static final Set<String> BYTE_FORMAT = Set.of("--hex", "--base64");

  private final String name;
  private final String summary;
  private final String help;
  private final Set<String> flags;
  private final Set<String> options;

  /**
   * @param name the word that selects the command
   * @param summary one line for the command list: arguments and a short summary
   * @param help the full help shown by {@code cairn NAME --help}
   * @param flags flags the command accepts, beside {@code --help} and {@code --verbose}
   * @param options options with a value the command accepts
   */
  Command(String name, String summary, String help, Set<String> flags, Set<String> options) {
    this.name = name;
    this.summary = summary;
    this.help = help;
    this.flags = Set.copyOf(flags);
    this.options = Set.copyOf(options);
  }

  /** {@code extra} and the {@link #BYTE_FORMAT} flags. */
  static Set<String> withByteFormat(String... extra) {
    Set<String> s = new HashSet<>(BYTE_FORMAT);
    s.addAll(Set.of(extra));
    return Set.copyOf(s);
  }

  /** The word that selects the command ({@code get}, {@code dump}, ...). */
  final String name() {
    return name;
  }

  /** One line for the command list: arguments and a short summary. */
  final String summary() {
    return summary;
  }

  /** The full help shown by {@code cairn NAME --help}. */
  final String help() {
    return help;
  }

  /** Flags this command accepts, beside {@code --help} and {@code --verbose}. */
  final Set<String> flags() {
    return flags;
  }

  /** Options with a value this command accepts. */
  final Set<String> options() {
    return options;
  }

  /** Runs the command; returns the exit code (see {@link ExitCode}). */
  abstract int run(Args args, Io io) throws Exception;
}
