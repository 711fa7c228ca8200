package org.vigie.server.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vigie} command line. */
@Command(
    name = "vigie",
    mixinStandardHelpOptions = true,
    version = "Vigie 0.1.0",
    description = "Monitoring and operational readiness for a shared school IT service.",
    subcommands = {
      DemoCommand.class,
      RunCommand.class,
      CheckCommand.class,
      GenerateCommand.class,
      DashboardsCommand.class,
      ReportCommand.class
    })
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line on the process's standard streams; returns the exit code. */
  public static int execute(String... args) {
    return execute(
        new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8),
        args);
  }

  /** Runs the command line with the given output and error writers (tests capture them). */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    return new CommandLine(new Main())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setOut(out)
        .setErr(err)
        .execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
