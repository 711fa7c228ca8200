package org.vigie.server.cli;

import java.nio.file.Path;
import org.vigie.inventory.InvalidConfigurationException;
import org.vigie.server.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie check --config FILE}: validates; exit 0 when valid, 2 with every error. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Validate a configuration and inventory file; print every error.")
public final class CheckCommand extends BaseCommand {
  @Option(names = "--config", required = true, description = "The configuration file.")
  Path config;

  @Override
  public Integer call() {
    try {
      var c = Configuration.load(config, System.getenv());
      var inv = c.inventory();
      out()
          .printf(
              "%s: valid: %d communes, %d schools, %d devices, %d checks%n",
              config,
              inv.communes().size(),
              inv.schools().size(),
              inv.devices().size(),
              inv.checks().size());
      return 0;
    } catch (InvalidConfigurationException e) {
      return ExitCodes.report(err(), e);
    }
  }
}
