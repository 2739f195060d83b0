package org.cairndb.cli;

import java.io.InputStream;
import java.io.PrintStream;

/**
 * The streams a command talks through. {@code stderrTerminal} says whether progress bars may be
 * drawn on {@code err} without being asked. Owned by {@link Main}; commands do not close them.
 */
record Io(PrintStream out, PrintStream err, InputStream in, boolean stderrTerminal) {}
