package org.vigie.alerting.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.alerting.Severity;
import org.vigie.inventory.ConfigNode;
import org.vigie.inventory.Problem;

class HelpdeskSettingsReaderTest {
  @TempDir Path dir;

  private ConfigNode alerting(String yaml, List<Problem> problems) {
    return ConfigNode.parse("vigie.yaml", yaml, problems).childOrEmpty("alerting");
  }

  @Test
  void fullSection_isRead_withTokensFromFileAndEnvironment_neverShown() throws Exception {
    Files.writeString(dir.resolve("glpi.user"), "u-secret-123\n");
    List<Problem> problems = new ArrayList<>();
    HelpdeskSettings s =
        new HelpdeskSettingsReader(dir, Map.of("GLPI_APP", "a-secret-456"))
            .read(
                alerting(
                    """
                    alerting:
                      grafana-url: https://grafana.dsi.example
                      helpdesk:
                        url: https://glpi.dsi.example/
                        app-token-env: GLPI_APP
                        user-token-file: glpi.user
                        min-severity: major
                        requester: 42
                        entity: 1
                        category: 5
                        communes:
                          lyon: {entity: 3, category: 12}
                          bron: {entity: 4}
                        assets: {field: otherserial, from: id}
                    """,
                    problems))
            .orElseThrow();
    assertThat(problems).isEmpty();
    assertThat(s.userToken().reveal()).isEqualTo("u-secret-123");
    assertThat(s.appToken().reveal()).isEqualTo("a-secret-456");
    assertThat(s.minSeverity()).isEqualTo(Severity.MAJOR);
    assertThat(s.mappingOf("lyon")).isEqualTo(new HelpdeskSettings.Mapping(3, 12));
    assertThat(s.mappingOf("bron")).isEqualTo(new HelpdeskSettings.Mapping(4, 5));
    assertThat(s.mappingOf("caluire")).isEqualTo(new HelpdeskSettings.Mapping(1, 5));
    assertThat(s.assetField()).isEqualTo("otherserial");
    assertThat(s.grafanaUrl()).isEqualTo("https://grafana.dsi.example");
    assertThat(s.toString()).doesNotContain("u-secret-123").doesNotContain("a-secret-456");
  }

  @Test
  void missingTokenFile_andUnknownKey_areReportedWithPositions() {
    List<Problem> problems = new ArrayList<>();
    new HelpdeskSettingsReader(dir, Map.of())
        .read(
            alerting(
                """
                alerting:
                  helpdesk:
                    url: https://glpi.dsi.example/
                    user-token-file: nowhere.token
                    colour: blue
                """,
                problems));
    assertThat(problems)
        .extracting(Problem::toString)
        .containsExactlyInAnyOrder(
            "vigie.yaml:4:22: alerting.helpdesk.user-token-file: cannot read secret file "
                + dir.resolve("nowhere.token")
                + " (NoSuchFileException)",
            "vigie.yaml:5:5: unknown key 'colour' in alerting.helpdesk; expected one of: system,"
                + " url, version, app-token-file, app-token-env, user-token-file, user-token-env,"
                + " client-id, client-secret-file, client-secret-env, username, password-file,"
                + " password-env, timeout, min-severity, requester, entity, category, communes,"
                + " assets, mail-to");
  }

  @Test
  void noHelpdeskKey_meansNoTickets() {
    assertThat(
            new HelpdeskSettingsReader(dir, Map.of())
                .read(alerting("alerting: {}\n", new ArrayList<>())))
        .isEmpty();
  }
}
