package org.cairndb.cli;

import java.util.Set;

/**
 * One subcommand of {@code cairn}: its name, its help text, the options it accepts and what it
 * does. Implementations are stateless singletons; {@link #run} gets everything it needs.
 */
interface Command {
  /** The word that selects the command ({@code get}, {@code dump}, ...). */
  String name();

  /** One line for the command list: arguments and a short summary. */
  String summary();

  /** The full help shown by {@code cairn NAME --help}. */
  String help();

  /** Flags this command accepts, beside {@code --help} and {@code --verbose}. */
  Set<String> flags();

  /** Options with a value this command accepts. */
  Set<String> options();

  /** Runs the command; returns the exit code (see {@link ExitCode}). */
  int run(Args args, Io io) throws Exception;
}
