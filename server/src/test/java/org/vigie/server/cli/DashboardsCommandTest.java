package org.vigie.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigie dashboards}: the demo inventory becomes dashboards and provisioning files. */
class DashboardsCommandTest {
  @TempDir Path dir;

  @Test
  void demoConfiguration_writesSevenDashboardsAndBothProvisioningFiles() throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "dashboards",
            "--config",
            "../examples/demo.yaml",
            "--out",
            dir.toString(),
            "--influx-url",
            "http://influxdb:8086");
    assertThat(err.toString()).isEmpty();
    assertThat(code).isZero();
    try (Stream<Path> files = Files.list(dir.resolve("dashboards"))) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted())
          .containsExactly(
              "vigie-access-points.json",
              "vigie-backups.json",
              "vigie-commune.json",
              "vigie-links.json",
              "vigie-on-call.json",
              "vigie-school.json",
              "vigie-self.json");
    }
    JsonObject school =
        new JsonObject(Files.readString(dir.resolve("dashboards/vigie-school.json")));
    assertThat(school.getString("uid")).isEqualTo("vigie-school");
    assertThat(Files.readString(dir.resolve("provisioning/datasources/vigie.yaml")))
        .contains("uid: vigie-influx", "url: \"http://influxdb:8086\"", "dbName: \"vigie\"");
    assertThat(Files.readString(dir.resolve("provisioning/dashboards/vigie.yaml")))
        .contains("path: \"/var/lib/grafana/dashboards/vigie\"");
    assertThat(out.toString()).startsWith("vigie dashboards: wrote 7 dashboards to ");
  }

  @Test
  void invalidConfiguration_exits2_andWritesNothing() {
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true),
            "dashboards",
            "--config",
            "src/test/resources/check/duplicate-id.yaml",
            "--out",
            dir.resolve("out").toString());
    assertThat(code).isEqualTo(2);
    assertThat(dir.resolve("out")).doesNotExist();
  }
}
