package org.vigie.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code vigie check}: exit 0 on a valid file; exit 2 and every error as {@code FILE:LINE:COLUMN:
 * message} otherwise. Fixtures live in {@code src/test/resources/check/}.
 */
class CheckCommandTest {
  private static final String DIR = "src/test/resources/check/";

  private record Run(int code, String out, List<String> errors) {}

  private static Run check(String file) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            new PrintWriter(out, true), new PrintWriter(err, true), "check", "--config", file);
    List<String> errors =
        err.toString().lines().filter(l -> !l.contains("error(s); nothing was started")).toList();
    return new Run(code, out.toString(), errors);
  }

  private static void assertInvalid(String fixture, String... expected) {
    Run r = check(DIR + fixture);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errors()).containsExactly(expected);
  }

  @Test
  void demoConfiguration_isValid_andSummarised() {
    Run r = check("../examples/demo.yaml");
    assertThat(r.errors()).isEmpty();
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("../examples/demo.yaml: valid: 68 communes, 110 schools, ");
  }

  @Test
  void duplicateDeviceId_exits2_namingBothPlaces() {
    assertInvalid(
        "duplicate-id.yaml",
        DIR
            + "duplicate-id.yaml:11:14: schools[0].devices[1].id: duplicate id 'srv' in school"
            + " 'ecole-a' (first declared at "
            + DIR
            + "duplicate-id.yaml:10:14)");
  }

  @Test
  void unknownParent_exits2() {
    assertInvalid(
        "unknown-parent.yaml",
        DIR
            + "unknown-parent.yaml:11:68: schools[0].devices[1].parent: unknown device 'sw9' in"
            + " school 'ecole-a'");
  }

  @Test
  void badAddress_exits2() {
    assertInvalid(
        "bad-address.yaml",
        DIR
            + "bad-address.yaml:10:42: schools[0].devices[0].address: not an IP address or host"
            + " name: '127.0.0.300'");
  }

  @Test
  void unknownLinkType_exits2_listingTheTypes() {
    assertInvalid(
        "unknown-link-type.yaml",
        DIR
            + "unknown-link-type.yaml:9:13: schools[0].link.type: unknown link type 'cable';"
            + " expected one of: adsl, fibre, lumiere, satellite");
  }

  @Test
  void badYaml_exits2_atTheSyntaxError() {
    Run r = check(DIR + "bad-yaml.yaml");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errors()).hasSize(1);
    assertThat(r.errors().getFirst())
        .matches("\\Q" + DIR + "bad-yaml.yaml:\\E\\d+:\\d+: YAML syntax error: .+");
  }

  @Test
  void missingFields_exit2_eachOneReported() {
    assertInvalid(
        "missing-field.yaml",
        DIR + "missing-field.yaml:2:5: missing required key 'name' in communes[0]",
        DIR + "missing-field.yaml:7:11: missing required key 'address' in schools[0].link");
  }

  @Test
  void settingsAndInventoryErrors_areReportedTogether() {
    String f = DIR + "settings-and-inventory.yaml:";
    assertInvalid(
        "settings-and-inventory.yaml",
        f + "3:11: vigie.http.port: must be between 0 and 65535, got 70000",
        f
            + "5:5: unknown key 'max-concurency' in vigie.scheduler; expected one of:"
            + " max-concurrency, per-school-concurrency, jitter",
        f + "7:17: vigie.state.down-after: must be between 1 and 1000, got 0",
        f + "21:57: schools[0].devices[0].checks[0].interval: must be greater than zero");
  }

  @Test
  void aRouteToTheWebhook_withoutAlertingWebhook_exits2_atTheRoutesKey() {
    assertInvalid(
        "webhook-route.yaml",
        DIR
            + "webhook-route.yaml:15:16: alerting.routes[0].webhook: sends to the webhook but"
            + " alerting.webhook is not configured");
  }

  @Test
  void missingFile_exits2_namingIt() {
    assertInvalid("nope.yaml", DIR + "nope.yaml:1:1: cannot read: no such file");
  }
}
