package org.vigie.server.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vigie.inventory.Durations;
import org.vigie.simulator.EstateGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigie generate}: writes a simulated estate as a configuration file, for trying Vigie on a
 * size of one's choice ({@code vigie run} on it after starting the simulator, or benchmarks).
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Write a simulated estate (communes, schools, devices) as a configuration file.")
public final class GenerateCommand extends BaseCommand {
  @Option(names = "--communes", defaultValue = "68", description = "Default: ${DEFAULT-VALUE}.")
  int communes;

  @Option(names = "--schools", defaultValue = "110", description = "Default: ${DEFAULT-VALUE}.")
  int schools;

  @Option(names = "--seed", defaultValue = "2019", description = "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--interval", defaultValue = "30s", description = "Default: ${DEFAULT-VALUE}.")
  String interval;

  @Option(names = "--out", description = "The file to write; standard output if absent.")
  Path out;

  @Override
  public Integer call() {
    String yaml;
    try {
      yaml =
          new EstateGenerator()
              .generate(
                  new EstateGenerator.Options(communes, schools, seed, Durations.parse(interval)));
    } catch (IllegalArgumentException e) {
      err().println("vigie generate: " + e.getMessage());
      return ExitCodes.FAILED;
    }
    if (out == null) {
      out().print(yaml);
      return ExitCodes.OK;
    }
    try {
      Files.writeString(out, yaml, StandardCharsets.UTF_8);
      err().println("vigie generate: wrote " + out);
      return ExitCodes.OK;
    } catch (IOException e) {
      err()
          .println(
              "vigie generate: cannot write "
                  + out
                  + ": "
                  + e.getMessage()
                  + "; check the folder exists and is writable");
      return ExitCodes.FAILED;
    }
  }
}
