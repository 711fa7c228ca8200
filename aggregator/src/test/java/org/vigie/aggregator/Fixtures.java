package org.vigie.aggregator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.vigie.inventory.Check;
import org.vigie.inventory.CheckSpec;
import org.vigie.inventory.Commune;
import org.vigie.inventory.Device;
import org.vigie.inventory.DeviceKind;
import org.vigie.inventory.Link;
import org.vigie.inventory.LinkType;
import org.vigie.inventory.Origin;
import org.vigie.inventory.School;
import org.vigie.probe.Outcome;
import org.vigie.probe.ProbeResult;

/** Checks and results for the time-series tests. */
final class Fixtures {
  private static final Origin ORIGIN = Origin.builtIn("test");

  private Fixtures() {}

  /**
   * A check {@code name} of kind {@code kind} on device {@code device} of school {@code school}.
   */
  static Check check(String school, String device, String name, String kind) {
    Commune commune = new Commune("besancon", "Besançon", List.of(), ORIGIN);
    School s =
        new School(
            school,
            "École " + school,
            commune.id(),
            "1 rue de l'École",
            new Link(LinkType.LUMIERE, "Ville", 100, 100, "10.1.0.1"),
            ORIGIN);
    CheckSpec spec =
        new CheckSpec(name, kind, Duration.ofSeconds(60), Duration.ofSeconds(10), Map.of(), ORIGIN);
    Device d =
        new Device(
            device, school, DeviceKind.SERVER, device, "10.1.0.10", null, List.of(spec), ORIGIN);
    return new Check(commune, s, d, spec);
  }

  static ProbeResult result(
      Check c, Outcome outcome, Instant startedAt, Map<String, Double> figures) {
    return new ProbeResult(
        c.key(),
        c.spec().kind(),
        outcome,
        outcome == Outcome.DOWN ? "connection refused" : "ok",
        startedAt,
        startedAt,
        Duration.ofMillis(12),
        figures);
  }
}
