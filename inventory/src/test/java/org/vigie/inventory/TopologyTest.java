package org.vigie.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TopologyTest {
  private Topology topology;

  @BeforeEach
  void load() throws Exception {
    topology =
        new InventoryLoader(TestKinds.SCHEMAS)
            .load(Path.of("src/test/resources/valid/small.yaml"))
            .orThrow()
            .topology();
  }

  @Test
  void pathToLink_goesFromTheDeviceUpToTheRouter() {
    assertThat(topology.pathToLink("ecole-a/ws-02"))
        .containsExactly("ecole-a/ws-02", "ecole-a/sw1", "ecole-a/rtr");
    assertThat(topology.pathToLink("ecole-a/rtr")).containsExactly("ecole-a/rtr");
    assertThat(topology.pathToLink("ecole-b/ap1")).containsExactly("ecole-b/ap1", "ecole-b/box");
  }

  @Test
  void descendants_ofTheRouter_areTheWholeSchool() {
    assertThat(topology.descendants("ecole-a/rtr"))
        .containsExactlyInAnyOrder(
            "ecole-a/sw1",
            "ecole-a/srv",
            "ecole-a/ws-01",
            "ecole-a/ws-02",
            "ecole-a/ws-03",
            "ecole-a/imp1");
    assertThat(topology.children("ecole-a/rtr")).containsExactly("ecole-a/sw1");
    assertThat(topology.descendants("ecole-a/ws-01")).isEmpty();
  }
}
