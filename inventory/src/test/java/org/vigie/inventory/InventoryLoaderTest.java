package org.vigie.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventoryLoaderTest {
  private static final String BROKEN = "src/test/resources/broken/";
  private final InventoryLoader loader = new InventoryLoader(TestKinds.SCHEMAS);

  static List<String> problems(LoadResult result) {
    return result.problems().stream().map(Problem::toString).toList();
  }

  private List<String> problemsOf(String fixture) {
    LoadResult result = loader.load(Path.of(BROKEN + fixture));
    assertThat(result.inventory()).isNull();
    return problems(result);
  }

  @Test
  void validFile_yieldsCommunesSchoolsAndExpandedDevices() throws Exception {
    Inventory inv = loader.load(Path.of("src/test/resources/valid/small.yaml")).orThrow();

    assertThat(inv.communes()).extracting(Commune::id).containsExactly("besancon", "ornans");
    assertThat(inv.schools())
        .extracting(School::id)
        .containsExactly("ecole-a", "ecole-b", "ecole-c");
    assertThat(inv.schoolsOf("ornans"))
        .extracting(School::id)
        .containsExactly("ecole-b", "ecole-c");
    assertThat(inv.devices())
        .extracting(Device::key)
        .containsExactly(
            "ecole-a/rtr",
            "ecole-a/sw1",
            "ecole-a/srv",
            "ecole-a/ws-01",
            "ecole-a/ws-02",
            "ecole-a/ws-03",
            "ecole-a/imp1",
            "ecole-b/box",
            "ecole-b/ap1");
    assertThat(inv.devicesOf("ecole-a"))
        .filteredOn(d -> d.kind() == DeviceKind.WORKSTATION)
        .extracting(Device::address)
        .containsExactly("10.1.0.100", "10.1.0.101", "10.1.0.102");
  }

  @Test
  void validFile_readsContactsLinksAndTariffAsDecimals() throws Exception {
    Inventory inv = loader.load(Path.of("src/test/resources/valid/small.yaml")).orThrow();

    assertThat(inv.commune("besancon").orElseThrow().contacts())
        .containsExactly(new Contact("Mairie", "mairie", "dsi@besancon.example", "+33381000000"));
    School a = inv.school("ecole-a").orElseThrow();
    assertThat(a.link()).isEqualTo(new Link(LinkType.FIBRE, "Orange", 100, 50, "192.0.2.1"));
    assertThat(inv.school("ecole-c").orElseThrow().link().address()).isEqualTo("2001:db8::1");
    assertThat(inv.tariff())
        .isEqualTo(
            new Tariff(
                new BigDecimal("52.50"), new BigDecimal("100"), BigDecimal.valueOf(200), "EUR"));
  }

  @Test
  void devicesWithoutParent_hangWhereTheirKindSays() throws Exception {
    Inventory inv = loader.load(Path.of("src/test/resources/valid/small.yaml")).orThrow();

    assertThat(parentOf(inv, "ecole-a/rtr")).isNull();
    assertThat(parentOf(inv, "ecole-a/sw1")).isEqualTo("rtr");
    assertThat(parentOf(inv, "ecole-a/srv")).isEqualTo("sw1");
    assertThat(parentOf(inv, "ecole-a/ws-02")).isEqualTo("sw1");
    assertThat(parentOf(inv, "ecole-a/imp1")).isEqualTo("sw1");
    // No switch in ecole-b: the access point hangs from the router (here also explicitly).
    assertThat(parentOf(inv, "ecole-b/ap1")).isEqualTo("box");
  }

  @Test
  void deviceChecks_areMergedByNameOverTheKindDefaults() throws Exception {
    Inventory inv = loader.load(Path.of("src/test/resources/valid/small.yaml")).orThrow();

    List<CheckSpec> srv = inv.device("ecole-a/srv").orElseThrow().checks();
    assertThat(srv)
        .extracting(CheckSpec::name)
        .containsExactly("ping", "health", "smb", "proxy", "ntp", "backup", "web");
    CheckSpec health = srv.get(1);
    assertThat(health.kind()).isEqualTo("http");
    assertThat(health.params()).isEqualTo(Map.of("port", "80", "path", "/status"));
    assertThat(health.interval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(health.origin().line()).isEqualTo(47);
    CheckSpec web = srv.getLast();
    assertThat(web.params()).isEqualTo(Map.of("port", "8080"));
    assertThat(web.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(web.timeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void checkDefaultsSection_replacesTheBuiltInsOfTheKindsItNames() throws Exception {
    Inventory inv = loader.load(Path.of("src/test/resources/valid/small.yaml")).orThrow();

    CheckSpec jetdirect = inv.device("ecole-a/imp1").orElseThrow().checks().getFirst();
    assertThat(jetdirect.interval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(inv.device("ecole-b/box").orElseThrow().checks())
        .extracting(CheckSpec::name)
        .containsExactly("link", "snmp", "admin");
    assertThat(inv.checks().getFirst().key()).isEqualTo("ecole-a/rtr/link");
  }

  @Test
  void vigieSection_isHandedOverRawWithPositions() {
    LoadResult result = loader.load(Path.of("src/test/resources/valid/small.yaml"));

    ConfigNode http = result.vigie().child("http").orElseThrow();
    assertThat(http.integer("port", 8080, 0, 65535)).isEqualTo(9090);
    assertThat(http.string("host", "127.0.0.1")).isEqualTo("127.0.0.1");
    assertThat(http.origin()).isEqualTo(new Origin("src/test/resources/valid/small.yaml", 3, 5));
    assertThat(result.vigie().problems()).isEmpty();
  }

  @Test
  void absentVigieSection_isAnEmptyNodeWhoseGettersReturnDefaults() {
    LoadResult result = loader.load("inline.yaml", "communes:\n  - id: a\n    name: A\n");

    assertThat(result.problems()).isEmpty();
    assertThat(result.vigie().childOrEmpty("state").integer("down-after", 3, 1, 100)).isEqualTo(3);
  }

  @Test
  void inMemoryYaml_isLoadedUnderTheGivenName() {
    LoadResult result = loader.load("gen.yaml", "communes:\n  - id: a\n    nom: A\n");

    assertThat(problems(result))
        .containsExactly(
            "gen.yaml:2:5: missing required key 'name' in communes[0]",
            "gen.yaml:3:5: unknown key 'nom' in communes[0]; expected one of: id, name, contacts");
  }

  @Test
  void emptyDocument_reportsTheMissingCommunes() {
    assertThat(problems(loader.load("empty.yaml", "")))
        .containsExactly("empty.yaml:1:1: missing required key 'communes' at top level");
  }

  @Test
  void documentThatIsNotAMap_isReportedOnce() {
    assertThat(problems(loader.load("list.yaml", "- a\n- b\n")))
        .containsExactly("list.yaml:1:1: top level: expected a map, got a list");
  }

  @Test
  void orThrow_carriesEveryProblem() {
    LoadResult result = loader.load(Path.of(BROKEN + "many.yaml"));

    assertThatThrownBy(result::orThrow)
        .isInstanceOf(InvalidConfigurationException.class)
        .satisfies(
            e ->
                assertThat(((InvalidConfigurationException) e).problems())
                    .isEqualTo(result.problems()));
  }

  @Test
  void missingFile_isOneProblem() {
    assertThat(problems(loader.load(Path.of(BROKEN + "nope.yaml"))))
        .containsExactly(BROKEN + "nope.yaml:1:1: cannot read: no such file");
  }

  @Test
  void duplicateCommuneId_isReportedWithBothPositions() {
    assertThat(problemsOf("dup.yaml"))
        .containsExactly(
            BROKEN
                + "dup.yaml:4:9: communes[1].id: duplicate id 'besancon' (first declared at "
                + BROKEN
                + "dup.yaml:2:9)");
  }

  @Test
  void unknownParent_isReportedAtTheParentValue() {
    assertThat(problemsOf("unknown-parent.yaml"))
        .containsExactly(
            BROKEN
                + "unknown-parent.yaml:18:17: schools[0].devices[1].parent: unknown device 'sw9'"
                + " in school 'ecole-a'");
  }

  @Test
  void badAddress_isNotTakenForAHostName() {
    assertThat(problemsOf("bad-address.yaml"))
        .containsExactly(
            BROKEN
                + "bad-address.yaml:17:18: schools[0].devices[1].address: not an IP address or"
                + " host name: '127.0.0.300'");
  }

  @Test
  void unknownLinkType_listsTheKnownOnes() {
    assertThat(problemsOf("unknown-link-type.yaml"))
        .containsExactly(
            BROKEN
                + "unknown-link-type.yaml:9:13: schools[0].link.type: unknown link type 'cable';"
                + " expected one of: adsl, fibre, lumiere, satellite");
  }

  @Test
  void yamlSyntaxError_isOneProblemAtSnakeYamlsMark() {
    assertThat(problemsOf("syntax.yaml"))
        .containsExactly(
            BROKEN
                + "syntax.yaml:4:4: YAML syntax error: expected <block end>, but found '<block"
                + " mapping start>'");
  }

  @Test
  void missingFields_areReportedAtTheEnclosingMap() {
    assertThat(problemsOf("missing-field.yaml"))
        .containsExactly(
            BROKEN + "missing-field.yaml:4:5: missing required key 'name' in communes[1]",
            BROKEN + "missing-field.yaml:10:7: missing required key 'type' in schools[0].link");
  }

  @Test
  void misspeltKey_isAnErrorListingTheValidKeys() {
    assertThat(problemsOf("unknown-key.yaml"))
        .containsExactly(
            BROKEN
                + "unknown-key.yaml:8:5: unknown key 'adress' in schools[0]; expected one of: id,"
                + " name, commune, address, link, devices");
  }

  @Test
  void wrongTypes_sayWhatWasExpected() {
    assertThat(problemsOf("wrong-type.yaml"))
        .containsExactly(
            BROKEN
                + "wrong-type.yaml:10:18: schools[0].link.down-mbps: expected a number, got"
                + " 'fast'",
            BROKEN
                + "wrong-type.yaml:16:16: schools[0].devices[0].count: expected an integer, got a"
                + " list");
  }

  @Test
  void zeroInterval_isRefused() {
    assertThat(problemsOf("zero-interval.yaml"))
        .containsExactly(
            BROKEN
                + "zero-interval.yaml:17:23: schools[0].devices[0].checks[0].interval: must be"
                + " greater than zero");
  }

  @Test
  void topologyCycles_areEachReportedOnce() {
    assertThat(problemsOf("cycle.yaml"))
        .containsExactly(
            BROKEN
                + "cycle.yaml:18:17: schools[0].devices[1].parent: cycle in topology: a -> b -> a",
            BROKEN + "cycle.yaml:26:17: schools[0].devices[3].parent: cycle in topology: c -> c");
  }

  @Test
  void severalErrors_areAllReportedInFileOrder() {
    String f = BROKEN + "many.yaml:";
    assertThat(problemsOf("many.yaml"))
        .containsExactly(
            f + "5:16: tariff.workstation: must be at least 0, got -1",
            f
                + "6:1: unknown key 'colour' at top level; expected one of: vigie, tariff,"
                + " check-defaults, imports, communes, schools, calendar, alerting, reports",
            f + "8:9: communes[0].id: not a valid id: 'Besancon' (expected [a-z0-9][a-z0-9-]*)",
            f + "12:16: communes[0].contacts[0].email: not an e-mail address: 'not-an-email'",
            f
                + "13:16: communes[0].contacts[0].phone: not an E.164 phone number (like"
                + " +33381000000): '0381000000'",
            f + "17:14: schools[0].commune: unknown commune 'dole'",
            f
                + "19:13: schools[0].link.type: unknown link type 'cable'; expected one of: adsl,"
                + " fibre, lumiere, satellite",
            f
                + "27:22: schools[0].devices[0].checks[0].timeout: must not exceed the interval"
                + " (2m > 1m)",
            f + "28:13: missing required key 'port' in schools[0].devices[0].checks[1]",
            f
                + "31:19: schools[0].devices[0].checks[2].kind: unknown check kind 'icmp';"
                + " expected one of: backup, http, tcp",
            f
                + "35:16: schools[0].devices[1].count: 10 addresses from 10.1.0.250 would run"
                + " past the last octet (255)",
            f
                + "37:15: schools[0].devices[2].kind: unknown device kind 'phone'; expected one"
                + " of: router, switch, server, access-point, workstation, printer",
            f + "39:9: schools[1].id: duplicate id 'ecole-a' (first declared at " + f + "15:9)");
  }

  @Test
  void duplicateYamlKeys_areReported() {
    assertThat(problems(loader.load("d.yaml", "communes:\n  - id: a\n    name: A\n    id: b\n")))
        .containsExactly(
            "d.yaml:4:5: duplicate key 'id' in communes[0] (first declared at d.yaml:2:5)");
  }

  @Test
  void disablingADefaultCheck_removesIt() throws Exception {
    String yaml =
        """
        communes: [{id: c, name: C}]
        schools:
          - id: s
            name: S
            commune: c
            link: {type: fibre, address: 192.0.2.1}
            devices:
              - {id: p, kind: printer, address: p.local, checks: [{name: jetdirect, enabled: false}]}
        """;
    Inventory inv = loader.load("x.yaml", yaml).orThrow();

    assertThat(inv.device("s/p").orElseThrow().checks())
        .extracting(CheckSpec::name)
        .containsExactly("ping");
  }

  @Test
  void unknownCheckParameter_isAnUnknownKey() {
    String yaml =
        """
        communes: [{id: c, name: C}]
        schools:
          - id: s
            name: S
            commune: c
            link: {type: fibre, address: 192.0.2.1}
            devices:
              - id: r
                kind: router
                address: 10.0.0.1
                checks:
                  - {name: web, kind: http, prot: 80, expect-status: "200-",  body-pattern: "(a"}
        """;
    assertThat(problems(loader.load("x.yaml", yaml)))
        .containsExactly(
            "x.yaml:12:37: unknown key 'prot' in schools[0].devices[0].checks[0]; expected one"
                + " of: name, kind, interval, timeout, enabled, port, path, scheme,"
                + " expect-status, body-pattern",
            "x.yaml:12:62: schools[0].devices[0].checks[0].expect-status: not a status list like"
                + " 200-399 or 200,204: '200-'",
            "x.yaml:12:85: schools[0].devices[0].checks[0].body-pattern: not a valid regular"
                + " expression: Unclosed group near index 2");
  }

  private static String withBackupPassword(String value) {
    return """
        communes: [{id: c, name: C}]
        schools:
          - id: s
            name: S
            commune: c
            link: {type: fibre, address: 192.0.2.1}
            devices:
              - id: srv
                kind: server
                address: 10.0.0.2
                checks:
                  - name: nas
                    kind: backup
                    password: %s
        """
        .formatted(value);
  }

  @Test
  void secretParameter_acceptsAFileOrAnEnvironmentReference() throws Exception {
    Inventory file =
        loader.load("x.yaml", withBackupPassword("file:/etc/vigie/ftp.password")).orThrow();
    Inventory env = loader.load("x.yaml", withBackupPassword("env:VIGIE_FTP_2")).orThrow();

    assertThat(nasCheck(file).params())
        .isEqualTo(Map.of("password", "file:/etc/vigie/ftp.password"));
    assertThat(nasCheck(env).params()).isEqualTo(Map.of("password", "env:VIGIE_FTP_2"));
  }

  @Test
  void secretWrittenInTheConfiguration_isRejectedWithoutQuotingIt() {
    List<String> problems = problems(loader.load("x.yaml", withBackupPassword("Hunter2-s3cret")));

    assertThat(problems)
        .containsExactly(
            "x.yaml:14:23: schools[0].devices[0].checks[0].password: a secret is not written in"
                + " the configuration; give file:/path/to/file (one line, mode 0600) or env:NAME");
    assertThat(String.join("\n", problems)).doesNotContain("Hunter2").doesNotContain("s3cret");
  }

  @Test
  void malformedSecretReferences_areRejectedWithoutQuotingThem() {
    for (String bad :
        List.of("'file:'", "'file:  '", "'env:'", "env:9LIVES", "env:MY-PASS", "ENV:X")) {
      List<String> problems = problems(loader.load("x.yaml", withBackupPassword(bad)));

      assertThat(problems)
          .as(bad)
          .containsExactly(
              "x.yaml:14:23: schools[0].devices[0].checks[0].password: a secret is not written in"
                  + " the configuration; give file:/path/to/file (one line, mode 0600) or env:NAME");
    }
    assertThat(problems(loader.load("x.yaml", withBackupPassword("env:MY-PASS"))).getFirst())
        .doesNotContain("MY-PASS");
  }

  private static CheckSpec nasCheck(Inventory inv) {
    return inv.device("s/srv").orElseThrow().checks().stream()
        .filter(c -> c.name().equals("nas"))
        .findFirst()
        .orElseThrow();
  }

  private static String parentOf(Inventory inv, String key) {
    return inv.device(key).orElseThrow().parentId();
  }
}
