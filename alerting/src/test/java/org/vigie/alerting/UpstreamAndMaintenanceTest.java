package org.vigie.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigie.alerting.IncidentEvent.Type.MUTED;
import static org.vigie.alerting.IncidentEvent.Type.OPENED;
import static org.vigie.alerting.IncidentEvent.Type.RESOLVED;
import static org.vigie.alerting.IncidentEvent.Type.UNMUTED;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.aggregator.AvailabilityLedger;
import org.vigie.aggregator.CheckState;
import org.vigie.aggregator.LedgerInterval;
import org.vigie.aggregator.LedgerVerticle;
import org.vigie.alerting.mute.Matcher;
import org.vigie.alerting.mute.MuteWindow;
import org.vigie.inventory.Check;
import org.vigie.inventory.Device;
import org.vigie.inventory.Inventory;
import org.vigie.inventory.InventoryLoader;
import org.vigie.inventory.School;
import org.vigie.probe.ProbeKinds;

/** Upstream correlation on the demo estate, and maintenance windows with the ledger. */
@Timeout(120)
class UpstreamAndMaintenanceTest {
  @TempDir Path dir;
  private IncidentHarness h;

  @AfterEach
  void close() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  static Inventory demo() throws Exception {
    Path file = Path.of("..", "examples", "demo.yaml");
    return new InventoryLoader(ProbeKinds.schemas())
        .load("demo.yaml", Files.readString(file))
        .orThrow();
  }

  @Test
  void demoSchoolsOfOneProviderFailTogether_oneUpstreamIncident_noSchoolIncidents()
      throws Exception {
    Inventory inv = demo();
    h =
        new IncidentHarness(
            inv, IncidentHarness.sqlite(dir), AlertRules.defaults(), MuteSchedule.none());
    List<School> lumiere =
        inv.schools().stream().filter(s -> s.link().provider().equals("Réseau Lumière")).toList();
    assertThat(lumiere).hasSize(44);
    // Every other school is fine.
    h.at(Duration.ZERO);
    for (Check c : inv.checks()) {
      h.state(c.key(), CheckState.UNKNOWN, CheckState.UP);
    }
    // Within two minutes, all Lumière routers stop answering; what is behind turns UNREACHABLE.
    int i = 0;
    for (School s : lumiere) {
      h.at(Duration.ofSeconds(60 + (i++ % 120)));
      for (Check c : inv.checks()) {
        if (!c.school().id().equals(s.id())) {
          continue;
        }
        boolean router = inv.topology().parentKey(c.device()) == null;
        h.state(c.key(), CheckState.UP, router ? CheckState.DOWN : CheckState.UNREACHABLE);
      }
    }
    h.at(Duration.ofMinutes(10));
    h.settle();
    h.settle();
    assertThat(h.types()).containsExactly(OPENED);
    Incident up = h.events.getFirst().incident();
    assertThat(up.fingerprint()).isEqualTo("upstream:provider:Réseau Lumière");
    assertThat(up.scope()).isEqualTo(IncidentScope.UPSTREAM);
    assertThat(up.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(up.affected()).hasSize(44);
    assertThat(up.cause()).isEqualTo("44/44 schools of provider Réseau Lumière cut off within 3m");

    // The provider comes back; two schools stay cut off a little longer: the upstream incident
    // resolves when fewer than min-schools are down, and those two get no burst of incidents.
    h.at(Duration.ofMinutes(20));
    for (School s : lumiere.subList(0, 42)) {
      recover(inv, s);
    }
    h.settle();
    assertThat(h.types()).containsExactly(OPENED, RESOLVED);
    h.at(Duration.ofMinutes(20).plusSeconds(50));
    h.settle();
    for (School s : lumiere.subList(42, 44)) {
      recover(inv, s);
    }
    h.at(Duration.ofMinutes(30));
    h.settle();
    assertThat(h.types()).containsExactly(OPENED, RESOLVED);
    assertThat(h.events.stream().map(e -> e.incident().scope()).distinct())
        .containsExactly(IncidentScope.UPSTREAM);
  }

  private void recover(Inventory inv, School s) {
    for (Check c : inv.checks()) {
      if (c.school().id().equals(s.id())) {
        h.state(c.key(), CheckState.DOWN, CheckState.UP);
      }
    }
  }

  @Test
  void twoSchoolsOfAProviderDown_areTwoSchoolIncidents_notUpstream() throws Exception {
    h =
        new IncidentHarness(
            Estate.schools(5, "Orange"),
            IncidentHarness.sqlite(dir),
            AlertRules.defaults(),
            MuteSchedule.none());
    h.at(Duration.ZERO);
    h.down("s1/router/link", "s2/router/link");
    h.at(Duration.ofMinutes(2));
    h.settle();
    assertThat(h.events)
        .extracting(e -> e.incident().fingerprint())
        .containsExactlyInAnyOrder("school:s1", "school:s2");
  }

  @Test
  void maintenanceWindowOverAFailure_incidentMuted_ledgerShowsMaintenance() throws Exception {
    Inventory inv = Estate.schools(1, "Orange");
    Instant t0 = IncidentHarness.T0;
    MuteSchedule mutes =
        new MuteSchedule(
            List.of(
                MuteWindow.once(
                    "disk swap",
                    true,
                    new Matcher("s1/srv", null, null, null, null),
                    t0.plusSeconds(10),
                    t0.plus(Duration.ofHours(1)),
                    "replacing a disk")));
    h = new IncidentHarness(inv, IncidentHarness.sqlite(dir), AlertRules.defaults(), mutes);
    AvailabilityLedger ledger =
        IncidentHarness.await(AvailabilityLedger.open(h.vertx, h.store, inv.checks(), h.clock));
    IncidentHarness.await(
        h.vertx.deployVerticle(new LedgerVerticle(ledger, inv.checks(), mutes, h.clock)));

    h.at(Duration.ZERO);
    h.up("s1/router/link", "s1/router/admin", "s1/switch/ping", "s1/srv/ping", "s1/srv/health");
    Thread.sleep(1500); // the ledger's sweep (every second) sees no window yet
    h.at(Duration.ofSeconds(20));
    Thread.sleep(1500); // now it does: MAINTENANCE from 20 s
    h.at(Duration.ofMinutes(1));
    h.down("s1/srv/ping", "s1/srv/health");
    h.at(Duration.ofMinutes(4));
    h.settle();
    assertThat(h.types()).containsExactly(OPENED, MUTED);
    assertThat(h.events.getFirst().incident().muted()).isTrue();
    assertThat(h.events.get(1).detail()).isEqualTo("maintenance 'disk swap'");

    h.at(Duration.ofMinutes(61));
    Thread.sleep(1500);
    h.settle();
    assertThat(h.types()).containsExactly(OPENED, MUTED, UNMUTED);

    List<LedgerInterval> ping =
        IncidentHarness.await(ledger.intervals("s1/srv/ping", t0, t0.plus(Duration.ofHours(2))));
    assertThat(ping)
        .extracting(LedgerInterval::state)
        .containsExactly(CheckState.UP, CheckState.MAINTENANCE, CheckState.DOWN);
    assertThat(ping.get(1).start()).isEqualTo(t0.plusSeconds(20));
    assertThat(ping.get(1).end()).isEqualTo(t0.plus(Duration.ofMinutes(61)));
    List<LedgerInterval> device =
        IncidentHarness.await(ledger.intervals("s1/srv", t0, t0.plus(Duration.ofHours(2))));
    assertThat(device)
        .extracting(LedgerInterval::state)
        .containsExactly(CheckState.UP, CheckState.MAINTENANCE, CheckState.DOWN);
    // The switch is not in the window: never MAINTENANCE.
    assertThat(IncidentHarness.await(ledger.intervals("s1/switch/ping", t0, t0.plusSeconds(7200))))
        .extracting(LedgerInterval::state)
        .containsExactly(CheckState.UP);
    assertThat(inv.device("s1/srv").map(Device::kind)).isPresent();
  }
}
