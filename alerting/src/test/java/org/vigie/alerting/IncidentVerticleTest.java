package org.vigie.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigie.alerting.IncidentEvent.Type.ACKNOWLEDGED;
import static org.vigie.alerting.IncidentEvent.Type.FLAPPING;
import static org.vigie.alerting.IncidentEvent.Type.OPENED;
import static org.vigie.alerting.IncidentEvent.Type.REOPENED;
import static org.vigie.alerting.IncidentEvent.Type.RESOLVED;
import static org.vigie.alerting.IncidentEvent.Type.SETTLED;
import static org.vigie.alerting.IncidentEvent.Type.UPDATED;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.aggregator.CheckState;
import org.vigie.probe.Outcome;

/**
 * The incident stage end to end on a real event bus and an SQLite state store: state changes and
 * probe results in, stored incidents and their published events out.
 */
@Timeout(60)
class IncidentVerticleTest {
  @TempDir Path dir;
  private IncidentHarness h;

  @AfterEach
  void close() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  private IncidentHarness harness(int schools) throws Exception {
    h =
        new IncidentHarness(
            Estate.schools(schools, "Orange"),
            IncidentHarness.sqlite(dir),
            AlertRules.defaults(),
            MuteSchedule.none());
    return h;
  }

  private static Duration s(long seconds) {
    return Duration.ofSeconds(seconds);
  }

  @Test
  void
      schoolLinkFails_oneIncidentListingUnreachableDevices_updatedAsMoreBecomeUnreachable_resolvedOnRecovery()
          throws Exception {
    harness(2);
    h.at(s(0));
    h.up("s1/router/link", "s1/router/admin", "s1/srv/ping");
    h.down("s1/router/link", "s1/router/admin");
    h.state("s1/switch/ping", CheckState.UP, CheckState.UNREACHABLE);
    h.at(s(30));
    h.settle();
    assertThat(h.events).isEmpty(); // for 1m not elapsed

    h.at(s(61));
    h.settle();
    assertThat(h.types()).containsExactly(OPENED);
    Incident opened = h.events.getFirst().incident();
    assertThat(opened.id()).isEqualTo("school:s1@" + IncidentHarness.T0.toEpochMilli());
    assertThat(opened.scope()).isEqualTo(IncidentScope.SCHOOL);
    assertThat(opened.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(opened.rule()).isEqualTo("school-link-down");
    assertThat(opened.affected()).containsExactly("s1/router", "s1/switch");

    h.at(s(90));
    h.state("s1/srv/ping", CheckState.UP, CheckState.UNREACHABLE);
    h.state("s1/ap-1/ping", CheckState.UP, CheckState.UNREACHABLE);
    h.state("s1/ap-2/ping", CheckState.UP, CheckState.UNREACHABLE);
    h.settle();
    assertThat(h.types()).containsExactly(OPENED); // the list settles for 5 s first
    h.at(s(95));
    h.settle();
    assertThat(h.types()).containsExactly(OPENED, UPDATED);
    IncidentEvent updated = h.events.get(1);
    assertThat(updated.detail()).isEqualTo("affected now: s1/ap-1, s1/ap-2, s1/srv");
    assertThat(updated.incident().affected())
        .containsExactly("s1/ap-1", "s1/ap-2", "s1/router", "s1/srv", "s1/switch");

    h.at(s(300));
    h.up("s1/router/link", "s1/router/admin");
    for (String c : List.of("s1/switch/ping", "s1/srv/ping", "s1/ap-1/ping", "s1/ap-2/ping")) {
      h.state(c, CheckState.UNREACHABLE, CheckState.UNKNOWN);
    }
    h.settle();
    assertThat(h.types()).containsExactly(OPENED, UPDATED, RESOLVED);
    Incident resolved = h.events.getLast().incident();
    assertThat(resolved.id()).isEqualTo(opened.id());
    assertThat(resolved.status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(resolved.resolvedAt()).isEqualTo(IncidentHarness.T0.plus(s(300)));
    assertThat(h.events.stream().map(IncidentEvent::seq).toList()).containsExactly(1L, 2L, 3L);
    h.assertStoredTimelineMatchesPublished();
  }

  @Test
  void serverDownWhileItsLinkIsUp_opensOneDeviceIncident() throws Exception {
    harness(1);
    h.at(s(0));
    h.up("s1/router/link", "s1/router/admin", "s1/switch/ping");
    h.down("s1/srv/ping", "s1/srv/health");
    h.at(s(119));
    h.settle();
    assertThat(h.events).isEmpty();
    h.at(s(121));
    h.settle();
    assertThat(h.types()).containsExactly(OPENED);
    Incident i = h.events.getFirst().incident();
    assertThat(i.fingerprint()).isEqualTo("device:s1/srv");
    assertThat(i.scope()).isEqualTo(IncidentScope.DEVICE);
    assertThat(i.severity()).isEqualTo(Severity.MAJOR);
    assertThat(i.rule()).isEqualTo("server-down");
    assertThat(i.communeId()).isEqualTo("besancon");
    assertThat(i.affected()).containsExactly("s1/srv");
    assertThat(await(h.verticle.service().openIncidents())).containsExactly(i);
  }

  @Test
  void schoolWithoutRouter_oneServerDown_isThatServersIncident_allDown_isTheSchools()
      throws Exception {
    h =
        new IncidentHarness(
            Estate.flat(3),
            IncidentHarness.sqlite(dir),
            AlertRules.defaults(),
            MuteSchedule.none());
    h.at(s(0));
    h.up("s1/srv-1/ping", "s1/srv-2/ping", "s1/srv-3/ping");
    h.down("s1/srv-1/ping");
    h.at(s(121));
    h.settle();
    assertThat(h.types()).containsExactly(OPENED);
    assertThat(h.events.getFirst().incident().fingerprint()).isEqualTo("device:s1/srv-1");

    h.down("s1/srv-2/ping", "s1/srv-3/ping");
    h.at(s(200));
    h.settle();
    assertThat(h.events)
        .filteredOn(e -> e.type() == OPENED)
        .extracting(e -> e.incident().fingerprint())
        .containsExactly("device:s1/srv-1", "school:s1");
  }

  @Test
  void shortBlip_opensNothing() throws Exception {
    harness(1);
    h.at(s(0));
    h.up("s1/router/link", "s1/router/admin", "s1/switch/ping");
    h.down("s1/srv/ping", "s1/srv/health");
    h.at(s(60));
    h.up("s1/srv/ping", "s1/srv/health");
    h.at(s(600));
    h.settle();
    assertThat(h.events).isEmpty();
    assertThat(await(h.verticle.service().openIncidents())).isEmpty();
  }

  @Test
  void backupOlderThan26Hours_isAMajorCheckIncident_atOnce() throws Exception {
    harness(1);
    h.at(s(0));
    h.up("s1/srv/ping", "s1/srv/health", "s1/srv/backup");
    h.result("s1/srv/backup", "backup", Outcome.UP, Map.of("age_seconds", 20 * 3600.0));
    h.settle();
    assertThat(h.events).isEmpty();
    h.at(s(3600));
    h.result("s1/srv/backup", "backup", Outcome.DOWN, Map.of("age_seconds", 27 * 3600.0));
    h.down("s1/srv/backup");
    h.settle();
    assertThat(h.types()).containsExactly(OPENED);
    Incident i = h.events.getFirst().incident();
    assertThat(i.fingerprint()).isEqualTo("check:s1/srv/backup:backup-too-old");
    assertThat(i.severity()).isEqualTo(Severity.MAJOR);
    assertThat(i.cause()).isEqualTo("s1/srv/backup: age_seconds = 97200 (> 93600)");
  }

  @Test
  void recurrenceWithinTheFlapWindow_reopensTheSameIncident_laterOneOpensANewOne()
      throws Exception {
    harness(1);
    h.at(s(0));
    h.up("s1/router/link", "s1/router/admin", "s1/switch/ping");
    h.down("s1/srv/ping", "s1/srv/health");
    h.at(s(200));
    h.settle();
    h.up("s1/srv/ping", "s1/srv/health");
    h.settle();
    h.at(s(600));
    h.down("s1/srv/ping", "s1/srv/health");
    h.at(s(800));
    h.settle();
    assertThat(h.types()).containsExactly(OPENED, RESOLVED, REOPENED);
    assertThat(h.events.stream().map(e -> e.incident().id()).distinct()).hasSize(1);
    assertThat(h.events.getLast().incident().status()).isEqualTo(IncidentStatus.OPEN);

    h.up("s1/srv/ping", "s1/srv/health");
    h.settle();
    h.at(s(800 + 31 * 60));
    h.down("s1/srv/ping", "s1/srv/health");
    h.at(s(800 + 31 * 60 + 121));
    h.settle();
    assertThat(h.types()).containsExactly(OPENED, RESOLVED, REOPENED, RESOLVED, OPENED);
    assertThat(h.events.getLast().incident().id())
        .isNotEqualTo(h.events.getFirst().incident().id());
    h.assertStoredTimelineMatchesPublished();
  }

  @Test
  void restartMidIncident_recoveryResolvesTheIncidentOpenedBefore_noDuplicate() throws Exception {
    harness(1);
    h.at(s(0));
    h.up("s1/router/link", "s1/router/admin", "s1/switch/ping");
    h.down("s1/srv/ping", "s1/srv/health");
    h.at(s(130));
    h.settle();
    assertThat(h.types()).containsExactly(OPENED);
    String id = h.events.getFirst().incident().id();

    h.stop();
    h.at(s(400));
    h.start();
    // After a restart the aggregator judges afresh: first verdicts come from UNKNOWN.
    h.state("s1/router/link", CheckState.UNKNOWN, CheckState.UP);
    h.state("s1/srv/ping", CheckState.UNKNOWN, CheckState.DOWN);
    h.settle();
    h.at(s(700));
    h.settle();
    assertThat(h.types()).containsExactly(OPENED);
    assertThat(await(h.verticle.service().openIncidents()))
        .extracting(Incident::id)
        .containsExactly(id);

    h.state("s1/srv/ping", CheckState.DOWN, CheckState.UP);
    h.settle();
    assertThat(h.types()).containsExactly(OPENED, RESOLVED);
    assertThat(h.events.getLast().incident().id()).isEqualTo(id);
    assertThat(h.events.getLast().seq()).isEqualTo(2);
    h.assertStoredTimelineMatchesPublished();
  }

  @Test
  void checksJustUnknownAfterARestart_holdTheIncident_ratherThanResolveIt() throws Exception {
    harness(1);
    h.at(s(0));
    h.down("s1/srv/ping", "s1/srv/health");
    h.at(s(130));
    h.settle();
    h.stop();
    h.start();
    h.at(s(200));
    h.settle();
    assertThat(h.types()).containsExactly(OPENED);
  }

  @Test
  void acknowledge_recordsWhoAndWhen_andANoteGoesOnTheTimeline() throws Exception {
    harness(1);
    h.at(s(0));
    h.down("s1/srv/ping", "s1/srv/health");
    h.at(s(130));
    h.settle();
    String id = h.events.getFirst().incident().id();
    h.at(s(140));
    Incident acked = await(h.verticle.service().acknowledge(id, "marie", "je regarde"));
    assertThat(acked.status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
    assertThat(acked.acknowledgedBy()).isEqualTo("marie");
    assertThat(acked.acknowledgedAt()).isEqualTo(IncidentHarness.T0.plus(s(140)));
    await(h.verticle.service().note(id, "marie", "disque remplacé"));
    h.settle();
    assertThat(h.types()).containsExactly(OPENED, ACKNOWLEDGED, IncidentEvent.Type.NOTE);
    List<IncidentEvent> timeline = h.timeline(id);
    assertThat(timeline)
        .extracting(IncidentEvent::actor)
        .containsExactly("vigie", "marie", "marie");
    assertThat(timeline.get(1).detail()).isEqualTo("je regarde");
    assertThat(
            h.verticle.service().acknowledge(id, "paul", "").failed()
                || awaitFails(h.verticle.service().acknowledge(id, "paul", "")))
        .isTrue();
  }

  @Test
  void resolvedByHand_doesNotReopenWhileTheCauseLasts() throws Exception {
    harness(1);
    h.at(s(0));
    h.down("s1/srv/ping", "s1/srv/health");
    h.at(s(130));
    h.settle();
    String id = h.events.getFirst().incident().id();
    await(h.verticle.service().resolve(id, "marie", "serveur retiré"));
    h.at(s(400));
    h.settle();
    assertThat(h.types()).containsExactly(OPENED, RESOLVED);
    assertThat(h.events.getLast().actor()).isEqualTo("marie");
  }

  @Test
  void flappingAccessPoint_oneFlappingNotice_oneSettledNotice() throws Exception {
    harness(1);
    h.at(s(0));
    h.up("s1/router/link", "s1/router/admin", "s1/switch/ping");
    int t = 0;
    for (int i = 0; i < 30; i++) {
      boolean down = i % 2 == 0;
      h.at(s(t += 60));
      h.result("s1/ap-1/ping", "icmp", down ? Outcome.DOWN : Outcome.UP, Map.of());
      h.state(
          "s1/ap-1/ping",
          down ? CheckState.UP : CheckState.DOWN,
          down ? CheckState.DOWN : CheckState.UP);
      h.settle();
    }
    for (int i = 0; i < 30; i++) {
      h.at(s(t += 60));
      h.result("s1/ap-1/ping", "icmp", Outcome.UP, Map.of());
      h.settle();
    }
    assertThat(h.types()).containsExactly(OPENED, FLAPPING, SETTLED, RESOLVED);
    Incident i = h.events.getFirst().incident();
    assertThat(i.fingerprint()).isEqualTo("device:s1/ap-1");
    assertThat(i.severity()).isEqualTo(Severity.MINOR);
    assertThat(h.events.get(1).incident().flapping()).isTrue();
    assertThat(h.events.get(2).incident().flapping()).isFalse();
    h.assertStoredTimelineMatchesPublished();
  }

  private static boolean awaitFails(io.vertx.core.Future<?> f) {
    try {
      await(f);
      return false;
    } catch (Exception e) {
      return true;
    }
  }

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return IncidentHarness.await(f);
  }
}
