package org.vigie.probe;

import java.time.Duration;
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

/** Builds checks for tests without a configuration file. */
final class TestChecks {
  private static final Origin TEST = Origin.builtIn("test");

  private TestChecks() {}

  static Check check(
      String school, String address, String kind, Duration timeout, Map<String, String> params) {
    return check(school, "srv", address, "c", kind, Duration.ofSeconds(60), timeout, params);
  }

  static Check check(
      String school,
      String device,
      String address,
      String name,
      String kind,
      Duration interval,
      Duration timeout,
      Map<String, String> params) {
    Commune commune = new Commune("c1", "Commune", List.of(), TEST);
    School s =
        new School(
            school, school, "c1", null, new Link(LinkType.FIBRE, "op", 100, 50, address), TEST);
    CheckSpec spec = new CheckSpec(name, kind, interval, timeout, params, TEST);
    Device d =
        new Device(device, school, DeviceKind.SERVER, device, address, null, List.of(spec), TEST);
    return new Check(commune, s, d, spec);
  }
}
