package org.vigie.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigie.aggregator.IncidentPoint;
import org.vigie.alerting.Incident;
import org.vigie.alerting.IncidentEvent;
import org.vigie.alerting.IncidentEvent.Type;
import org.vigie.alerting.IncidentScope;
import org.vigie.alerting.IncidentStatus;
import org.vigie.alerting.Severity;

/** Which incident events become points, and what the points say. */
class IncidentTimeSeriesVerticleTest {
  private final Instant opened = Instant.parse("2026-11-02T08:00:00.250Z");

  private Incident school(boolean muted) {
    return new Incident(
        "school:jules-ferry@" + opened.toEpochMilli(),
        "school:jules-ferry",
        IncidentScope.SCHOOL,
        Severity.CRITICAL,
        IncidentStatus.OPEN,
        "besancon",
        "jules-ferry",
        "jules-ferry",
        "school-link-down",
        "internet link down: 5/5 echoes lost",
        List.of("jules-ferry/router"),
        opened,
        null,
        null,
        null,
        muted,
        false);
  }

  @Test
  void acknowledged_tellsWho_andTheCause() {
    IncidentPoint p =
        IncidentTimeSeriesVerticle.point(
                new IncidentEvent(
                    Type.ACKNOWLEDGED,
                    2,
                    school(false),
                    opened.plusSeconds(120),
                    "alice",
                    "on my way"))
            .orElseThrow();
    assertThat(p.tags())
        .containsExactlyEntriesOf(
            new java.util.TreeMap<>(
                Map.of(
                    "commune", "besancon",
                    "event", "ACKNOWLEDGED",
                    "fingerprint", "school:jules-ferry",
                    "school", "jules-ferry",
                    "scope", "SCHOOL",
                    "severity", "CRITICAL")));
    assertThat(p.title()).isEqualTo("ACKNOWLEDGED CRITICAL school:jules-ferry");
    assertThat(p.text()).isEqualTo("internet link down: 5/5 echoes lost — on my way (alice)");
    assertThat(p.id()).isEqualTo("school:jules-ferry@1793606400250");
    assertThat(p.duration()).isNull();
  }

  @Test
  void resolved_carriesHowLongItLasted_fromTheIncidentsStart() {
    IncidentPoint p =
        IncidentTimeSeriesVerticle.point(
                new IncidentEvent(
                    Type.RESOLVED, 3, school(false), opened.plusSeconds(600), "vigie", "recovered"))
            .orElseThrow();
    assertThat(p.duration()).isEqualTo(Duration.ofMinutes(10));
    assertThat(p.text()).isEqualTo("internet link down: 5/5 echoes lost — recovered");
  }

  @Test
  void anUpstreamIncident_hasNoCommuneNorSchoolTag_andAMutedOneSaysSo() {
    Incident up =
        new Incident(
            "upstream:provider:Orange@1",
            "upstream:provider:Orange",
            IncidentScope.UPSTREAM,
            Severity.CRITICAL,
            IncidentStatus.OPEN,
            null,
            null,
            "provider:Orange",
            "upstream",
            "5 schools of Orange cut off",
            List.of(),
            opened,
            null,
            null,
            null,
            true,
            false);
    IncidentPoint p =
        IncidentTimeSeriesVerticle.point(
                new IncidentEvent(
                    Type.OPENED, 1, up, opened, "vigie", "5 schools of Orange cut off"))
            .orElseThrow();
    assertThat(p.tags()).doesNotContainKeys("commune", "school").containsEntry("scope", "UPSTREAM");
    assertThat(p.text()).isEqualTo("5 schools of Orange cut off [muted]");
  }

  @Test
  void updatesNotesAndMutes_areNotWritten() {
    for (Type t : List.of(Type.UPDATED, Type.NOTE, Type.MUTED, Type.UNMUTED)) {
      assertThat(
              IncidentTimeSeriesVerticle.point(
                  new IncidentEvent(t, 2, school(false), opened, "vigie", "x")))
          .as(t.name())
          .isEmpty();
    }
    for (Type t : IncidentTimeSeriesVerticle.WRITTEN) {
      assertThat(
              IncidentTimeSeriesVerticle.point(
                  new IncidentEvent(t, 2, school(false), opened, "vigie", "x")))
          .as(t.name())
          .isPresent();
    }
  }
}
