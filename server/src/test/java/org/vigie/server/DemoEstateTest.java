package org.vigie.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.vigie.server.cli.DemoCommand;
import org.vigie.simulator.EstateGenerator;

class DemoEstateTest {

  @Test
  void committedDemoYaml_isExactlyWhatTheGeneratorWrites() throws Exception {
    String committed = Files.readString(Path.of("../examples/demo.yaml"));
    String generated = new EstateGenerator().generate(DemoCommand.DEMO_ESTATE);
    // If this fails: ./vigie generate --out examples/demo.yaml, and review the diff.
    assertThat(committed).isEqualTo(generated);
  }

  @Test
  void demoEstate_hasTheReferenceSize() throws Exception {
    var c = Configuration.load(Path.of("../examples/demo.yaml"));
    assertThat(c.inventory().communes()).hasSize(68);
    assertThat(c.inventory().schools()).hasSize(110);
    long workstations =
        c.inventory().devices().stream()
            .filter(d -> d.kind() == org.vigie.inventory.DeviceKind.WORKSTATION)
            .count();
    assertThat(workstations).isBetween(2100L, 2500L);
    assertThat(c.settings().httpPort()).isEqualTo(8080);
  }
}
