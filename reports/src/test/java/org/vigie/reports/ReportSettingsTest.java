package org.vigie.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigie.inventory.ConfigNode;
import org.vigie.inventory.Problem;

class ReportSettingsTest {
  private static ReportSettings read(String yaml, List<Problem> problems) {
    return ReportSettings.read(
        ConfigNode.parse("vigie.yaml", yaml, problems).childOrEmpty("reports"));
  }

  @Test
  void absentSection_givesTheDefaults() {
    List<Problem> problems = new ArrayList<>();
    assertThat(read("tariff: {}\n", problems)).isEqualTo(ReportSettings.defaults());
    assertThat(problems).isEmpty();
    assertThat(ReportSettings.defaults().attachments()).containsExactly(ReportFormat.PDF);
    assertThat(ReportSettings.defaults().sendAt()).isEqualTo(LocalTime.of(7, 0));
    assertThat(ReportSettings.defaults().schedule()).isFalse();
  }

  @Test
  void everyKey_isRead() {
    List<Problem> problems = new ArrayList<>();
    ReportSettings s =
        read(
            """
            reports:
              language: en
              schedule: true
              send-at: "6:30"
              attachments: [pdf, csv]
              dsi-recipients: [dsi@metropole.test]
            """,
            problems);
    assertThat(problems).isEmpty();
    assertThat(s)
        .isEqualTo(
            new ReportSettings(
                ReportLanguage.EN,
                true,
                LocalTime.of(6, 30),
                List.of(ReportFormat.PDF, ReportFormat.CSV),
                List.of("dsi@metropole.test")));
  }

  @Test
  void badValues_areReportedAtTheirPosition() {
    List<Problem> problems = new ArrayList<>();
    read(
        """
        reports:
          language: de
          send-at: noon
          attachments: [docx]
          dsi-recipients: [dsi]
          colour: blue
        """,
        problems);
    assertThat(problems.stream().map(Problem::toString))
        .containsExactlyInAnyOrder(
            "vigie.yaml:2:13: reports.language: expected fr or en, got 'de'",
            "vigie.yaml:3:12: reports.send-at: expected a time of day HH:MM, got 'noon'",
            "vigie.yaml:4:17: reports.attachments[0]: expected pdf, csv or html, got 'docx'",
            "vigie.yaml:5:20: reports.dsi-recipients[0]: expected an e-mail address, got 'dsi'",
            "vigie.yaml:6:3: unknown key 'colour' in reports; expected one of: language, schedule,"
                + " send-at, attachments, dsi-recipients");
  }
}
