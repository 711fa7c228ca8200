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
  void version2_readsTheOAuthClientAndUser_secretsFromFileAndEnvironment() throws Exception {
    Files.writeString(dir.resolve("glpi.secret"), "c-secret-789\n");
    List<Problem> problems = new ArrayList<>();
    HelpdeskSettings s =
        new HelpdeskSettingsReader(dir, Map.of("GLPI_PASSWORD", "p-secret-012"))
            .read(
                alerting(
                    """
                    alerting:
                      helpdesk:
                        url: https://glpi.dsi.example/
                        version: 2
                        client-id: 9a1c5e7b
                        client-secret-file: glpi.secret
                        username: vigie
                        password-env: GLPI_PASSWORD
                        requester: 42
                    """,
                    problems))
            .orElseThrow();
    assertThat(problems).isEmpty();
    assertThat(s.version()).isEqualTo(2);
    assertThat(s.systemName()).isEqualTo("glpi-v2");
    assertThat(s.clientId()).isEqualTo("9a1c5e7b");
    assertThat(s.clientSecret().reveal()).isEqualTo("c-secret-789");
    assertThat(s.username()).isEqualTo("vigie");
    assertThat(s.password().reveal()).isEqualTo("p-secret-012");
    assertThat(s.toString()).doesNotContain("c-secret-789").doesNotContain("p-secret-012");
  }

  @Test
  void
      version2_withoutClientSecret_withAPasswordButNoUser_orWithV1Tokens_isReportedWithPositions() {
    List<Problem> problems = new ArrayList<>();
    new HelpdeskSettingsReader(dir, Map.of("PW", "x", "U", "y"))
        .read(
            alerting(
                """
                alerting:
                  helpdesk:
                    url: https://glpi.dsi.example/
                    version: 2
                    password-env: PW
                    user-token-env: U
                """,
                problems));
    assertThat(problems)
        .extracting(Problem::toString)
        .containsExactlyInAnyOrder(
            "vigie.yaml:3:5: missing required key 'client-id' in alerting.helpdesk",
            "vigie.yaml:3:5: missing required key 'client-secret-file' in alerting.helpdesk",
            "vigie.yaml:5:19: alerting.helpdesk.password-env: a password needs a username"
                + " (password grant); leave both out for the client credentials grant",
            "vigie.yaml:6:21: alerting.helpdesk.user-token-env: only for version 1 (apirest.php);"
                + " version 2 authenticates with client-id, client-secret-file, username and"
                + " password-file (OAuth)");
  }

  @Test
  void version1_withV2Keys_isReported() throws Exception {
    Files.writeString(dir.resolve("glpi.user"), "u\n");
    List<Problem> problems = new ArrayList<>();
    new HelpdeskSettingsReader(dir, Map.of())
        .read(
            alerting(
                """
                alerting:
                  helpdesk:
                    url: https://glpi.dsi.example/
                    user-token-file: glpi.user
                    client-id: abc
                """,
                problems));
    assertThat(problems)
        .extracting(Problem::toString)
        .containsExactly(
            "vigie.yaml:5:16: alerting.helpdesk.client-id: only for version 2 (GLPI 11 high-level"
                + " API, OAuth); version 1 (apirest.php) uses app-token-file and user-token-file");
  }

  @Test
  void noHelpdeskKey_meansNoTickets() {
    assertThat(
            new HelpdeskSettingsReader(dir, Map.of())
                .read(alerting("alerting: {}\n", new ArrayList<>())))
        .isEmpty();
  }
}
