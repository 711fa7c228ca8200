package org.vigie.alerting.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.alerting.secrets.ConfigSecrets;
import org.vigie.alerting.webhook.WebhookSettings;
import org.vigie.alerting.webhook.WebhookSettingsReader;
import org.vigie.inventory.ConfigNode;
import org.vigie.inventory.Problem;

class SmsSettingsReaderTest {
  @TempDir Path dir;

  private Optional<SmsSettings> read(String yaml, List<Problem> problems) {
    ConfigNode root = ConfigNode.parse("vigie.yaml", yaml, problems);
    return new SmsSettingsReader(new ConfigSecrets(dir, Map.of("OVH_CK", "ck-FromEnv-77")))
        .read(root.childOrEmpty("alerting"));
  }

  @Test
  void anOvhSection_isRead_withSecretsFromFileAndEnvironment_andToStringRedactsThem()
      throws Exception {
    Files.writeString(dir.resolve("ovh-as"), "as-FromFile-42\n");
    List<Problem> problems = new ArrayList<>();
    SmsSettings s =
        read(
                """
                alerting:
                  sms:
                    provider: ovh
                    sender: VIGIE
                    cost-per-segment: 0.045
                    daily-cap: 20
                    transliterate: true
                    ovh:
                      service-name: sms-ab12345-1
                      application-key: 7kbG7Bk7S9Nt7ZSV
                      application-secret-file: ovh-as
                      consumer-key-env: OVH_CK
                """,
                problems)
            .orElseThrow();

    assertThat(problems).isEmpty();
    SmsSettings.Ovh ovh = (SmsSettings.Ovh) s.provider();
    assertThat(ovh.applicationSecret().reveal()).isEqualTo("as-FromFile-42");
    assertThat(ovh.consumerKey().reveal()).isEqualTo("ck-FromEnv-77");
    assertThat(ovh.endpoint()).isEqualTo("https://eu.api.ovh.com/1.0");
    assertThat(s.costPerSegment()).isEqualByComparingTo("0.045");
    assertThat(s.dailyCap()).isEqualByComparingTo(BigDecimal.valueOf(20));
    assertThat(s.toString()).doesNotContain("as-FromFile-42").doesNotContain("ck-FromEnv-77");
  }

  @Test
  void mistakes_areReportedAtTheirPositions() {
    List<Problem> problems = new ArrayList<>();
    Optional<SmsSettings> s =
        read(
            """
            alerting:
              sms:
                provider: smpp
                daily-cap: 10
                smpp:
                  host: smsc.example.net
                  system-id: vigie
                  password: hunter22
                  long-messages: split
            """,
            problems);

    assertThat(s).isEmpty();
    assertThat(problems)
        .extracting(Problem::toString)
        .containsExactlyInAnyOrder(
            "vigie.yaml:4:16: alerting.sms.daily-cap: a daily cap needs cost-per-segment greater"
                + " than zero",
            "vigie.yaml:8:17: alerting.sms.smpp.password: secrets are not written in the"
                + " configuration; use password-file (a file holding it) or password-env (an"
                + " environment variable)",
            "vigie.yaml:9:22: alerting.sms.smpp.long-messages: expected udh or payload, got"
                + " 'split'");
    assertThat(problems.toString()).doesNotContain("hunter22");
  }

  @Test
  void aWebhook_isRead_withItsSecretFromAFile() throws Exception {
    Files.writeString(dir.resolve("hook.key"), "whsec-abc\n");
    List<Problem> problems = new ArrayList<>();
    ConfigNode root =
        ConfigNode.parse(
            "vigie.yaml",
            """
            alerting:
              webhook:
                url: https://hooks.example.net/vigie
                secret-file: hook.key
                timeout: 5s
            """,
            problems);
    WebhookSettings w =
        new WebhookSettingsReader(new ConfigSecrets(dir, Map.of()))
            .read(root.childOrEmpty("alerting"))
            .orElseThrow();

    assertThat(problems).isEmpty();
    assertThat(w.secret().reveal()).isEqualTo("whsec-abc");
    assertThat(w.timeout()).hasSeconds(5);
    assertThat(w.toString()).doesNotContain("whsec-abc");
  }
}
