package org.vigie.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vigie} command line. */
@Command(
    name = "vigie",
    mixinStandardHelpOptions = true,
    version = "Vigie 0.1.0",
    description = "Monitoring and operational readiness for a shared school IT service.",
    subcommands = {DemoCommand.class, RunCommand.class, CheckCommand.class, GenerateCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (tests call this). */
  public static int execute(String... args) {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
