package org.vigie.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvImportTest {
  private static final String YAML =
      """
      imports: [estate.csv]
      communes: [{id: c, name: C}]
      schools:
        - id: s
          name: S
          commune: c
          link: {type: fibre, address: 192.0.2.1}
          devices:
            - {id: rtr, kind: router, address: 10.0.0.1}
      """;

  private final InventoryLoader loader = new InventoryLoader(TestKinds.SCHEMAS);

  @TempDir Path dir;

  private LoadResult load(String csv) throws IOException {
    Files.writeString(dir.resolve("estate.csv"), csv, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("main.yaml"), YAML, StandardCharsets.UTF_8);
    return loader.load(dir.resolve("main.yaml"));
  }

  private List<String> problems(String csv) throws IOException {
    return InventoryLoaderTest.problems(load(csv));
  }

  @Test
  void badRows_areReportedByLineAndFieldIndex() {
    String b = "src/test/resources/broken/";
    LoadResult result = loader.load(Path.of(b + "bad-csv.yaml"));

    assertThat(InventoryLoaderTest.problems(result))
        .containsExactly(
            b + "bad-csv.yaml:3:5: imports[1]: cannot read 'missing.csv': no such file",
            b + "bad.csv:3:1: school: unknown school 'ecole-z'",
            b
                + "bad.csv:4:3: kind: unknown device kind 'phone'; expected one of: router,"
                + " switch, server, access-point, workstation, printer",
            b
                + "bad.csv:5:2: device: duplicate id 'rtr' in school 'ecole-a' (first declared at "
                + b
                + "bad-csv.yaml:15:13)",
            b + "bad.csv:6:5: address: not an IP address or host name: '10.1.0.999'",
            b + "bad.csv:6:6: parent: unknown device 'sw2' in school 'ecole-a'",
            b + "bad.csv:7:1: expected 6 fields, got 2");
  }

  @Test
  void semicolonsAndBom_areAccepted_andCsvDevicesGetKindDefaults() throws Exception {
    Inventory inv =
        load("\uFEFFschool;device;kind;name;address;parent\ns;srv;server;Serveur;10.0.0.5;rtr\n")
            .orThrow();

    Device srv = inv.device("s/srv").orElseThrow();
    assertThat(srv.name()).isEqualTo("Serveur");
    assertThat(srv.parentId()).isEqualTo("rtr");
    assertThat(srv.checks())
        .extracting(CheckSpec::name)
        .containsExactly("ping", "health", "smb", "ldap", "proxy", "ntp", "backup");
    assertThat(srv.origin()).isEqualTo(new Origin(dir.resolve("estate.csv").toString(), 2, 1));
  }

  @Test
  void commas_areDetectedFromTheHeader_andEmptyNameAndParentTakeDefaults() throws Exception {
    Inventory inv =
        load("school,device,kind,name,address,parent\ns,sw,switch,,10.0.0.2,\ns,pc,workstation,,10.0.0.3,\n")
            .orThrow();

    assertThat(inv.device("s/pc").orElseThrow().name()).isEqualTo("pc");
    assertThat(inv.topology().pathToLink("s/pc")).containsExactly("s/pc", "s/sw", "s/rtr");
  }

  @Test
  void yamlDeviceMayHangFromACsvDevice() throws Exception {
    Inventory inv = load("school;device;kind;address\ns;sw;switch;10.0.0.2\n").orThrow();

    assertThat(inv.device("s/sw").orElseThrow().parentId()).isEqualTo("rtr");
  }

  @Test
  void badHeader_isReportedOnLineOne_andTheRowsAreSkipped() throws Exception {
    String csv = dir.resolve("estate.csv").toString();
    assertThat(problems("school;device;type;address\ns;x;router;nope\n"))
        .containsExactly(
            csv + ":1:1: missing required column 'kind'",
            csv
                + ":1:3: unknown column 'type'; expected one of: school, device, kind, name,"
                + " address, parent");
  }

  @Test
  void emptyRequiredField_isReported() throws Exception {
    String csv = dir.resolve("estate.csv").toString();
    assertThat(problems("school;device;kind;address\ns;;router;10.0.0.9\n"))
        .containsExactly(csv + ":2:2: device: missing value");
  }

  @Test
  void quotedFieldsSpanningLines_keepLaterLineNumbersRight() throws Exception {
    String csv = dir.resolve("estate.csv").toString();
    assertThat(
            problems(
                "school;device;kind;name;address;parent\n"
                    + "s;a;server;\"two\nlines\";10.0.0.7;\n"
                    + "s;b;phone;;10.0.0.8;\n"))
        .containsExactly(
            csv
                + ":4:3: kind: unknown device kind 'phone'; expected one of: router, switch,"
                + " server, access-point, workstation, printer");
  }

  @Test
  void unterminatedQuote_isACsvSyntaxError() throws Exception {
    assertThat(problems("school;device;kind;address\ns;\"x;router;10.0.0.9\n"))
        .singleElement()
        .asString()
        .startsWith(dir.resolve("estate.csv") + ":")
        .contains(": CSV syntax error: ");
  }
}
