package org.vigie.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigie.aggregator.CheckState;
import org.vigie.alerting.AlertRule.Target;
import org.vigie.alerting.mute.MuteWindow;
import org.vigie.inventory.ConfigNode;
import org.vigie.inventory.Problem;

/** Reading alert rules, flapping, upstream, maintenance and silences from YAML. */
class AlertRulesTest {

  private static ConfigNode alerting(String yaml, List<Problem> problems) {
    return ConfigNode.parse("vigie.yaml", yaml, problems).childOrEmpty("alerting");
  }

  @Test
  void builtInDefaults_matchTheIssue() {
    AlertRules r = AlertRules.defaults();
    assertThat(r.match(Target.SCHOOL, Map.of("link-type", "adsl")).orElseThrow())
        .extracting(AlertRule::name, AlertRule::severity)
        .containsExactly("school-link-down", Severity.CRITICAL);
    assertThat(r.match(Target.DEVICE, Map.of("device-kind", "access-point")).orElseThrow())
        .extracting(AlertRule::severity)
        .isEqualTo(Severity.MINOR);
    AlertRule degraded =
        r.match(Target.CHECK, Map.of("check-kind", "link", "state", "DEGRADED")).orElseThrow();
    assertThat(degraded.severity()).isEqualTo(Severity.MINOR);
    assertThat(degraded.forDuration()).isEqualTo(Duration.ofMinutes(10));
    List<AlertRule> backup = r.figureRules(Map.of("check-kind", "backup"));
    assertThat(backup)
        .extracting(AlertRule::name)
        .containsExactly("backup-too-old", "disk-full", "certificate-expiring");
    assertThat(backup.getFirst().crossed(26 * 3600 + 1)).isTrue();
    assertThat(backup.getFirst().crossed(26 * 3600)).isFalse();
    AlertRule ntp = r.figureRules(Map.of("check-kind", "ntp")).getLast();
    assertThat(ntp.name()).isEqualTo("ntp-offset");
    assertThat(ntp.crossed(-1.5)).isTrue();
    assertThat(ntp.severity()).isEqualTo(Severity.MINOR);
    AlertRule cert = r.figureRules(Map.of("check-kind", "http")).get(1);
    assertThat(cert.name()).isEqualTo("certificate-expiring");
    assertThat(cert.crossed(13)).isTrue();
    assertThat(cert.severity()).isEqualTo(Severity.WARNING);
    assertThat(r.figureRules(Map.of()).getFirst().severity()).isEqualTo(Severity.MINOR);
  }

  @Test
  void configuredRules_comeFirst_andReplaceABuiltInOfTheSameName() {
    List<Problem> problems = new ArrayList<>();
    AlertRules r =
        AlertRules.read(
            alerting(
                """
                alerting:
                  rules:
                    - name: satellite-down
                      on: school
                      link-type: satellite
                      severity: major
                      for: 10m
                    - name: disk-full
                      on: check
                      figure: disk_used_ratio
                      above: 0.95
                      severity: major
                    - name: printers
                      on: device
                      device-kind: printer
                      severity: none
                  flapping:
                    high: 0.6
                    low: 0.3
                    reopen-within: 1h
                  upstream:
                    share: 0.5
                    min-schools: 4
                    by: [provider]
                """,
                problems));
    assertThat(problems).isEmpty();
    assertThat(r.match(Target.SCHOOL, Map.of("link-type", "satellite")).orElseThrow().name())
        .isEqualTo("satellite-down");
    assertThat(r.match(Target.SCHOOL, Map.of("link-type", "fibre")).orElseThrow().name())
        .isEqualTo("school-link-down");
    assertThat(r.figureRules(Map.of()).getFirst().above()).isEqualTo(0.95);
    assertThat(r.rules().stream().filter(x -> x.name().equals("disk-full"))).hasSize(1);
    assertThat(r.match(Target.DEVICE, Map.of("device-kind", "printer")).orElseThrow().severity())
        .isNull();
    assertThat(r.flapping()).isEqualTo(new AlertRules.Flapping(21, 0.6, 0.3, Duration.ofHours(1)));
    assertThat(r.upstream().byLinkType()).isFalse();
    assertThat(r.upstream().threshold(44)).isEqualTo(22);
    assertThat(r.upstream().threshold(5)).isEqualTo(4);
  }

  @Test
  void mistakes_areReportedAtTheirPosition() {
    List<Problem> problems = new ArrayList<>();
    AlertRules.read(
        alerting(
            """
            alerting:
              rules:
                - name: x
                  on: router
                  severity: urgent
                - name: y
                  on: check
                  figure: age_seconds
                  severity: major
                - name: z
                  on: device
                  device-kind: toaster
                  state: down
                  severity: minor
              flapping:
                high: 0.2
                low: 0.4
            """,
            problems));
    assertThat(problems)
        .extracting(Problem::toString)
        .containsExactly(
            "vigie.yaml:4:11: alerting.rules[0].on: expected school, device or check, got 'router'",
            "vigie.yaml:5:17: alerting.rules[0].severity: expected critical, major, minor, warning"
                + " or none, got 'urgent'",
            "vigie.yaml:8:15: alerting.rules[1].figure: a figure rule needs exactly one of 'above'"
                + " or 'below'",
            "vigie.yaml:12:20: alerting.rules[2].device-kind: unknown device kind 'toaster';"
                + " expected one of: router, switch, server, access-point, workstation, printer",
            "vigie.yaml:13:14: alerting.rules[2].state: only check rules have a state",
            "vigie.yaml:17:10: alerting.flapping.low: must be below high (0.2), got 0.4");
  }

  @Test
  void maintenanceAndSilences_onceAndWeekly_inParisTime() {
    List<Problem> problems = new ArrayList<>();
    MuteSchedule m =
        MuteSchedule.read(
            alerting(
                """
                alerting:
                  maintenance:
                    - name: lumiere-works
                      provider: Réseau Lumière
                      start: 2026-03-10T22:00
                      end: 2026-03-11T04:00
                  silences:
                    - name: nights
                      link-type: satellite
                      days: [fri]
                      from: "22:00"
                      to: "06:00"
                      comment: satellite noisy at night
                    - name: broken
                      days: [fry]
                      from: 25:00
                      to: "06:00"
                """,
                problems),
            null);
    assertThat(problems)
        .extracting(Problem::toString)
        .containsExactly(
            "vigie.yaml:14:7: alerting.silences[1]: needs at least one of device, school, commune,"
                + " provider, link-type",
            "vigie.yaml:15:14: alerting.silences[1].days[0]: expected mon, tue, wed, thu, fri, sat"
                + " or sun, got 'fry'",
            "vigie.yaml:16:13: alerting.silences[1].from: expected a time such as 22:00, got"
                + " '25:00'");
    assertThat(m.windows()).hasSize(2);
    MuteWindow works = m.windows().getFirst();
    assertThat(works.maintenance()).isTrue();
    // 22:00 in Paris in March (UTC+1) is 21:00Z.
    assertThat(works.covers(Instant.parse("2026-03-10T21:00:00Z"))).isTrue();
    assertThat(works.covers(Instant.parse("2026-03-10T20:59:59Z"))).isFalse();
    assertThat(works.covers(Instant.parse("2026-03-11T03:00:00Z"))).isFalse();
    MuteWindow nights = m.windows().get(1);
    assertThat(nights.maintenance()).isFalse();
    // Friday 2026-03-13 23:00 Paris, and Saturday 05:59 Paris: covered; Saturday 06:00 not.
    assertThat(nights.covers(Instant.parse("2026-03-13T22:00:00Z"))).isTrue();
    assertThat(nights.covers(Instant.parse("2026-03-14T04:59:00Z"))).isTrue();
    assertThat(nights.covers(Instant.parse("2026-03-14T05:00:00Z"))).isFalse();
    assertThat(nights.covers(Instant.parse("2026-03-12T22:00:00Z"))).isFalse();
    assertThat(CheckState.MAINTENANCE).isNotNull();
  }
}
