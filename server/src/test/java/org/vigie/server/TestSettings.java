package org.vigie.server;

import java.nio.file.Path;
import java.util.Optional;
import org.vigie.aggregator.Hysteresis;
import org.vigie.aggregator.InfluxOptions;
import org.vigie.aggregator.StoreOptions;
import org.vigie.alerting.AlertingSettings;
import org.vigie.probe.SchedulerOptions;

/**
 * Settings for tests: any free HTTP port on 127.0.0.1, no jitter (tests measure detection time
 * against the interval), the state store in the test's own folder.
 */
final class TestSettings {
  private TestSettings() {}

  static VigieSettings of(Path dir, Hysteresis hysteresis, Optional<InfluxOptions> influx) {
    return new VigieSettings(
        "127.0.0.1",
        0,
        new SchedulerOptions(100, 4, 0),
        hysteresis,
        new StoreOptions().setUrl("jdbc:sqlite:" + dir.resolve("vigie.db")),
        influx,
        AlertingSettings.defaults(),
        org.vigie.inventory.calendar.FrenchSchoolCalendar.defaults());
  }
}
