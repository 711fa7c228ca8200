package org.vigie.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigie.inventory.Check;
import org.vigie.inventory.CheckSpec;
import org.vigie.inventory.Commune;
import org.vigie.inventory.Device;
import org.vigie.inventory.DeviceKind;
import org.vigie.inventory.Inventory;
import org.vigie.inventory.Link;
import org.vigie.inventory.LinkType;
import org.vigie.inventory.Origin;
import org.vigie.inventory.School;
import org.vigie.inventory.Tariff;
import org.vigie.probe.Outcome;
import org.vigie.probe.ProbeResult;

/** One school: router ← switch ← server, one check each; hysteresis 3 failures / 2 successes. */
class ReachabilityTest {
  private static final Origin O = Origin.builtIn("test");
  private final StateTracker tracker = new StateTracker(new Hysteresis(3, 2));
  private final Inventory inventory = school();
  private final Reachability reachability = new Reachability(inventory, tracker);
  private final List<StateChange> published = new ArrayList<>();
  private Instant now = Instant.parse("2026-11-02T08:00:00Z");

  private static Inventory school() {
    CheckSpec http =
        new CheckSpec("c", "http", Duration.ofSeconds(60), Duration.ofSeconds(5), Map.of(), O);
    List<Device> devices =
        List.of(
            new Device("router", "s", DeviceKind.ROUTER, "r", "127.0.0.1", null, List.of(http), O),
            new Device(
                "switch", "s", DeviceKind.SWITCH, "sw", "127.0.0.2", "router", List.of(http), O),
            new Device(
                "server", "s", DeviceKind.SERVER, "srv", "127.0.0.3", "switch", List.of(http), O));
    return new Inventory(
        List.of(new Commune("c", "C", List.of(), O)),
        List.of(
            new School("s", "S", "c", null, new Link(LinkType.ADSL, "op", 8, 1, "127.0.0.1"), O)),
        devices,
        Tariff.defaults());
  }

  private Check check(String device) {
    return inventory.checks().stream()
        .filter(c -> c.device().id().equals(device))
        .findFirst()
        .orElseThrow();
  }

  private void result(String device, Outcome outcome) {
    now = now.plusSeconds(1);
    Check c = check(device);
    tracker
        .accept(
            new ProbeResult(
                c.key(), "http", outcome, outcome.name(), now, now, Duration.ZERO, Map.of()))
        .ifPresent(v -> published.addAll(reachability.apply(c, v)));
  }

  private void rounds(int n, Outcome router, Outcome sw, Outcome server) {
    for (int i = 0; i < n; i++) {
      result("router", router);
      result("switch", sw);
      result("server", server);
    }
  }

  private CheckState state(String device) {
    return reachability.state(check(device).key());
  }

  @Test
  void routerDown_makesEverythingBehindItUnreachable_notDown() {
    rounds(1, Outcome.UP, Outcome.UP, Outcome.UP);
    rounds(3, Outcome.DOWN, Outcome.DOWN, Outcome.DOWN);
    assertThat(state("router")).isEqualTo(CheckState.DOWN);
    assertThat(state("switch")).isEqualTo(CheckState.UNREACHABLE);
    assertThat(state("server")).isEqualTo(CheckState.UNREACHABLE);
    // No DOWN was ever published for the devices behind the router.
    assertThat(published)
        .filteredOn(c -> c.to() == CheckState.DOWN)
        .extracting(StateChange::checkKey)
        .containsExactly("s/router/c");
    assertThat(published.getLast().reason()).isEqualTo("behind router s/router, which is DOWN");
  }

  @Test
  void serverDownFirst_thenRouter_serverTurnsFromDownToUnreachable() {
    rounds(1, Outcome.UP, Outcome.UP, Outcome.UP);
    // The server's failures are counted before the router's (planning order).
    result("server", Outcome.DOWN);
    result("server", Outcome.DOWN);
    result("server", Outcome.DOWN);
    assertThat(state("server")).isEqualTo(CheckState.DOWN);
    rounds(3, Outcome.DOWN, Outcome.DOWN, Outcome.DOWN);
    assertThat(state("server")).isEqualTo(CheckState.UNREACHABLE);
    assertThat(published)
        .filteredOn(c -> c.checkKey().equals("s/server/c"))
        .extracting(StateChange::to)
        .containsExactly(CheckState.UP, CheckState.DOWN, CheckState.UNREACHABLE);
  }

  @Test
  void routerBack_unreachableChecksWaitForAFreshResult_thenAreJudged() {
    rounds(1, Outcome.UP, Outcome.UP, Outcome.UP);
    rounds(3, Outcome.DOWN, Outcome.DOWN, Outcome.DOWN);
    result("router", Outcome.UP);
    result("router", Outcome.UP);
    assertThat(state("router")).isEqualTo(CheckState.UP);
    assertThat(state("switch")).isEqualTo(CheckState.UNKNOWN);
    assertThat(state("server")).isEqualTo(CheckState.UNKNOWN);
    // A fresh success is a first verdict: UP at once.
    result("switch", Outcome.UP);
    assertThat(state("switch")).isEqualTo(CheckState.UP);
    // A server that is really down needs its own three failures to be DOWN.
    result("server", Outcome.DOWN);
    result("server", Outcome.DOWN);
    assertThat(state("server")).isEqualTo(CheckState.UNKNOWN);
    result("server", Outcome.DOWN);
    assertThat(state("server")).isEqualTo(CheckState.DOWN);
  }

  @Test
  void switchDown_routerUp_onlyTheServerIsUnreachable() {
    rounds(1, Outcome.UP, Outcome.UP, Outcome.UP);
    rounds(3, Outcome.UP, Outcome.DOWN, Outcome.DOWN);
    assertThat(state("router")).isEqualTo(CheckState.UP);
    assertThat(state("switch")).isEqualTo(CheckState.DOWN);
    assertThat(state("server")).isEqualTo(CheckState.UNREACHABLE);
  }
}
