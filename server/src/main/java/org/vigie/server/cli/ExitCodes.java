package org.vigie.server.cli;

import java.io.PrintWriter;
import org.vigie.inventory.InvalidConfigurationException;
import org.vigie.inventory.Problem;

/** Exit codes shared by the commands, and how configuration errors are printed. */
final class ExitCodes {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int INVALID_CONFIGURATION = 2;

  private ExitCodes() {}

  /** Prints every problem, one per line, on standard error; returns the exit code for them. */
  static int report(PrintWriter err, InvalidConfigurationException e) {
    for (Problem p : e.problems()) {
      err.println(p);
    }
    err.printf(
        "%d error(s); nothing was started. Fix them and run 'vigie check --config FILE' again.%n",
        e.problems().size());
    err.flush();
    return INVALID_CONFIGURATION;
  }
}
