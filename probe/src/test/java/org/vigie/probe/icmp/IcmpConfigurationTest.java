package org.vigie.probe.icmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigie.inventory.Check;
import org.vigie.inventory.InventoryLoader;
import org.vigie.inventory.LoadResult;
import org.vigie.probe.ProbeKinds;

/** The icmp and link parameters as the configuration loader sees them. */
class IcmpConfigurationTest {
  private final InventoryLoader loader = new InventoryLoader(ProbeKinds.schemas());

  private static String config(String checks) {
    return """
        communes:
          - { id: c1, name: Commune }
        schools:
          - id: s1
            name: École
            commune: c1
            link: { type: lumiere, address: 192.0.2.1 }
            devices:
              - id: rtr
                kind: router
                address: 10.1.0.1
                checks:
        """
        + checks.indent(10);
  }

  @Test
  void icmpAndLinkChecks_loadWithTheirParameters_inCanonicalForm() throws Exception {
    LoadResult r =
        loader.load(
            "c.yaml",
            config(
                """
                - { name: ping, kind: icmp, count: 3, spacing: 200ms, ipv6: true }
                - { name: link, kind: link, max-rtt: 45ms, max-loss: "2%", max-jitter: 1000ms }
                """));
    Map<String, Check> checks = new java.util.HashMap<>();
    r.orThrow().checks().forEach(c -> checks.put(c.spec().name(), c));
    assertThat(checks.get("ping").spec().params())
        .isEqualTo(Map.of("count", "3", "spacing", "200ms", "ipv6", "true"));
    assertThat(checks.get("link").spec().params())
        .isEqualTo(Map.of("max-rtt", "45ms", "max-loss", "2%", "max-jitter", "1s"));
  }

  @Test
  void mistypedParameters_areReportedWithTheirPosition() {
    LoadResult r =
        loader.load(
            "c.yaml",
            config(
                """
                - { name: ping, kind: icmp, count: five, spacing: 100 }
                - { name: link, kind: link, max-rtt: fast, max-los: 2% }
                """));
    assertThat(r.problems().stream().map(Object::toString))
        .containsExactly(
            "c.yaml:13:46: schools[0].devices[0].checks[0].count: expected an integer, got 'five'",
            "c.yaml:13:61: schools[0].devices[0].checks[0].spacing: expected a duration such as"
                + " 500ms, 10s, 5m, 1h or 1d, got '100'",
            "c.yaml:14:48: schools[0].devices[0].checks[1].max-rtt: expected a duration such as"
                + " 500ms, 10s, 5m, 1h or 1d, got 'fast'",
            "c.yaml:14:54: unknown key 'max-los' in schools[0].devices[0].checks[1]; expected"
                + " one of: name, kind, interval, timeout, enabled, count, spacing, size,"
                + " echo-timeout, ipv6, max-rtt, max-loss, max-jitter");
  }
}
