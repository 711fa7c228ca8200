package org.vigie.probe.icmp;

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

/** Test support: an {@code icmp} or {@code link} check on a router, without a configuration. */
public final class IcmpChecks {
  private static final Origin TEST = Origin.builtIn("test");

  private IcmpChecks() {}

  /**
   * @param linkAddress the school link's probed address (may be null)
   * @param deviceAddress the router's address
   */
  public static Check check(
      String kind,
      LinkType linkType,
      String linkAddress,
      String deviceAddress,
      Duration timeout,
      Map<String, String> params) {
    Commune commune = new Commune("c1", "Commune", List.of(), TEST);
    School school =
        new School("s1", "École", "c1", null, new Link(linkType, "op", 20, 1, linkAddress), TEST);
    CheckSpec spec = new CheckSpec(kind, kind, Duration.ofSeconds(60), timeout, params, TEST);
    Device router =
        new Device(
            "router", "s1", DeviceKind.ROUTER, "router", deviceAddress, null, List.of(spec), TEST);
    return new Check(commune, school, router, spec);
  }
}
