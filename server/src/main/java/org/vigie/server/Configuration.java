package org.vigie.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vigie.alerting.AlertingSettings;
import org.vigie.inventory.ConfigNode;
import org.vigie.inventory.InvalidConfigurationException;
import org.vigie.inventory.Inventory;
import org.vigie.inventory.InventoryLoader;
import org.vigie.inventory.LoadResult;
import org.vigie.inventory.Problem;
import org.vigie.inventory.calendar.CalendarSettings;
import org.vigie.inventory.calendar.FrenchSchoolCalendar;
import org.vigie.probe.ProbeKinds;
import org.vigie.reports.ReportSettings;

/**
 * A whole configuration file, validated: the inventory and the program settings. Every problem of
 * both is reported at once.
 */
public record Configuration(Inventory inventory, VigieSettings settings) {

  /** Loads and validates a configuration file, without environment variables. */
  public static Configuration load(Path file) throws InvalidConfigurationException {
    return load(file, Map.of());
  }

  /**
   * Loads and validates a configuration file.
   *
   * @param env the process environment, for secrets given as {@code password-env}
   */
  public static Configuration load(Path file, Map<String, String> env)
      throws InvalidConfigurationException {
    Path folder = file.toAbsolutePath().getParent();
    Path base = folder == null ? Path.of(".") : folder;
    return from(loader().load(file), base, env);
  }

  /** Loads and validates configuration text (embedded or generated), named for errors. */
  public static Configuration load(String name, String yaml) throws InvalidConfigurationException {
    return from(loader().load(name, yaml), Path.of("."), Map.of());
  }

  private static InventoryLoader loader() {
    return new InventoryLoader(ProbeKinds.schemas());
  }

  private static Configuration from(LoadResult result, Path base, Map<String, String> env)
      throws InvalidConfigurationException {
    List<Problem> problems = new ArrayList<>(result.problems());
    // The settings' problems join the inventory's, so that one run reports every error.
    ConfigNode vigie = result.vigie().withProblems(problems);
    VigieSettings settings = new SettingsReader(base, env).read(vigie);
    ConfigNode alerting = result.section("alerting").withProblems(problems);
    settings =
        settings.withAlerting(AlertingSettings.read(alerting, result.inventory(), base, env));
    ConfigNode calendarNode = result.section("calendar").withProblems(problems);
    CalendarSettings calendar = CalendarSettings.read(calendarNode, base);
    try {
      settings = settings.withCalendar(FrenchSchoolCalendar.of(calendar));
    } catch (IOException e) {
      calendarNode.error("holidays-file", e.getMessage());
    }
    settings =
        settings.withReports(ReportSettings.read(result.section("reports").withProblems(problems)));
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
    return new Configuration(result.inventory(), settings);
  }
}
