package org.vigie.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.vigie.inventory.ConfigNode;
import org.vigie.inventory.Problem;

class NotifySettingsReaderTest {

  private static NotifySettings read(String yaml, List<Problem> problems) {
    return NotifySettingsReader.read(
        ConfigNode.parse("vigie.yaml", yaml, problems).childOrEmpty("alerting"));
  }

  @Test
  void anEmptySection_givesTheDefaults() {
    List<Problem> problems = new ArrayList<>();
    NotifySettings s = read("alerting: {}\n", problems);

    assertThat(problems).isEmpty();
    assertThat(s.groupWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.repeatInterval()).isEqualTo(Duration.ofHours(4));
    assertThat(s.locale()).isEqualTo(Locale.FRENCH);
    assertThat(s.routes()).isEmpty();
  }

  @Test
  void aFullSection_isReadWithTheRotaAndItsOverride() {
    List<Problem> problems = new ArrayList<>();
    NotifySettings s =
        read(
            """
            alerting:
              grafana-url: https://grafana.dsi.example/
              notify: {group-wait: 10s, escalation: {delay: 15m, min-severity: critical}}
              rota:
                handover: wednesday 10:00
                start: 2025-09-01
                people:
                  - {name: Alice, email: alice@dsi.example}
                  - {name: Bruno, phone: "+33600000002"}
                overrides:
                  - {from: "2025-12-24T18:00", until: "2025-12-26T09:00", person: Alice}
              routes:
                - name: night
                  match: {severity: [critical, major], hours: "22:00-07:00", days: [saturday]}
                  on-call: [sms]
              email: {language: en}
            """,
            problems);

    assertThat(problems).isEmpty();
    assertThat(s.grafanaUrl()).isEqualTo("https://grafana.dsi.example");
    assertThat(s.groupWait()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.locale()).isEqualTo(Locale.ENGLISH);
    assertThat(s.rota().handoverDay()).isEqualTo(DayOfWeek.WEDNESDAY);
    Route r = s.routes().get(0);
    assertThat(r.onCallSms()).isTrue();
    // 2025-12-25 is in Bruno's week (weeks from Wednesday 2025-08-27), but Alice covers Christmas.
    var christmas = ZonedDateTime.of(2025, 12, 25, 12, 0, 0, 0, Rota.ZONE).toInstant();
    assertThat(s.rota().onCall(christmas).name()).isEqualTo("Alice");
    assertThat(s.rota().onCall(christmas.plus(Duration.ofDays(2))).name()).isEqualTo("Bruno");
  }

  @Test
  void mistakes_areReportedAtTheirPosition() {
    List<Problem> problems = new ArrayList<>();
    read(
        """
        alerting:
          notify: {group-wait: 30}
          routes:
            - name: x
              match: {severity: [urgent], hours: "8-18"}
              on-call: [pager]
          email: {language: de}
        """,
        problems);

    assertThat(problems.stream().map(Problem::toString))
        .containsExactly(
            "vigie.yaml:2:24: alerting.notify.group-wait: expected a duration such as 500ms, 10s,"
                + " 5m, 1h or 1d, got '30'",
            "vigie.yaml:5:26: alerting.routes[0].match.severity[0]: expected one of critical,"
                + " major, minor, warning, got 'urgent'",
            "vigie.yaml:5:42: alerting.routes[0].match.hours: expected a span such as"
                + " 08:00-18:00, got '8-18'",
            "vigie.yaml:6:17: alerting.routes[0].on-call[0]: expected email or sms, got 'pager'",
            "vigie.yaml:4:7: alerting.routes[0]: route 'x' tells nobody: give email,"
                + " commune-contacts, on-call or webhook",
            "vigie.yaml:7:21: alerting.email.language: expected fr or en, got 'de'");
  }

  @Test
  void aWebhookRoute_withoutTheWebhookSection_isRefusedAtItsPosition() {
    List<Problem> problems = new ArrayList<>();
    read(
        """
        alerting:
          routes:
            - name: to-chat
              webhook: true
        """,
        problems);

    assertThat(problems.stream().map(Problem::toString))
        .containsExactly(
            "vigie.yaml:4:16: alerting.routes[0].webhook: sends to the webhook but"
                + " alerting.webhook is not configured");
  }

  @Test
  void aWebhookRoute_withTheWebhookSection_tellsOnlyTheWebhook() {
    List<Problem> problems = new ArrayList<>();
    NotifySettings s =
        read(
            """
            alerting:
              webhook: {url: "http://127.0.0.1:9/hook"}
              routes:
                - name: to-chat
                  match: {severity: [critical]}
                  webhook: true
                - name: mail
                  email: [dsi@example.org]
            """,
            problems);

    assertThat(problems).isEmpty();
    assertThat(s.routes().get(0).webhook()).isTrue();
    assertThat(s.routes().get(0).emails()).isEmpty();
    assertThat(s.routes().get(1).webhook()).isFalse();
  }
}
