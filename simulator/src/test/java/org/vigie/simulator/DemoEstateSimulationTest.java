package org.vigie.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigie.inventory.CheckKindSchema;
import org.vigie.inventory.DeviceKind;
import org.vigie.inventory.InvalidConfigurationException;
import org.vigie.inventory.Inventory;
import org.vigie.inventory.InventoryLoader;
import org.vigie.inventory.Origin;
import org.vigie.inventory.ParamType;

/**
 * The whole generated demo estate (110 schools, about 1,200 listeners) starts and serves. The
 * generated YAML is read by the real loader after moving it to 127.220/16 and to ports shifted by
 * 20000, so that a demo running on the same machine does not collide with the test.
 */
class DemoEstateSimulationTest {
  private static final Origin ORIGIN = Origin.builtIn("demo-test");
  private static final int SHIFT = 20000;

  @Test
  @Timeout(60)
  void generatedDemoEstate_startsAndServesEverySchool() throws Exception {
    Inventory inventory = load(new EstateGenerator().generate(EstateGenerator.Options.defaults()));
    assertThat(inventory.schools()).hasSize(110);
    assertThat(inventory.devices().stream().filter(d -> d.kind() == DeviceKind.WORKSTATION))
        .hasSize(2300);

    Vertx vertx = Vertx.vertx();
    try {
      SimulatorOptions options =
          SimulatorOptions.defaults().withFtpPort(2121 + SHIFT).withNtpPort(10123 + SHIFT);
      SimulatedNetwork network = new SimulatedNetwork(vertx, inventory, options);
      network.start().await();
      try {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.220.110.10", 10445 + SHIFT), 2000);
        }
        try (HttpClient client = HttpClient.newHttpClient()) {
          HttpResponse<String> r =
              client.send(
                  HttpRequest.newBuilder(URI.create("http://127.220.1.1:" + (8080 + SHIFT) + "/"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.body()).contains(inventory.schools().getFirst().id() + "/router");
        }
      } finally {
        network.stop().await();
      }
    } finally {
      vertx.close().await();
    }
  }

  /** Loads the generated YAML with the real loader, after moving addresses and ports. */
  private static Inventory load(String yaml) throws InvalidConfigurationException {
    String moved =
        Pattern.compile("port: (\\d+)")
            .matcher(yaml.replaceAll("127\\.(\\d+)\\.", "127.2$1."))
            .replaceAll(r -> "port: " + (Integer.parseInt(r.group(1)) + SHIFT));
    return new InventoryLoader(KINDS).load("demo-estate.yaml", moved).orThrow();
  }

  /** Shaped like the probe module's kinds, which this module cannot depend on. */
  private static final Map<String, CheckKindSchema> KINDS =
      Map.of(
          "tcp",
          new CheckKindSchema(Map.of("port", ParamType.PORT), Set.of("port")),
          "http",
          new CheckKindSchema(Map.of("port", ParamType.PORT, "path", ParamType.STRING), Set.of()));
}
