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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigie.inventory.CheckSpec;
import org.vigie.inventory.Commune;
import org.vigie.inventory.Device;
import org.vigie.inventory.DeviceKind;
import org.vigie.inventory.Inventory;
import org.vigie.inventory.Link;
import org.vigie.inventory.LinkType;
import org.vigie.inventory.Origin;
import org.vigie.inventory.School;
import org.vigie.inventory.Tariff;
import org.yaml.snakeyaml.Yaml;

/**
 * The whole generated demo estate (110 schools, about 1,200 listeners) starts and serves. The
 * inventory is read from the generated YAML with a minimal stand-in for the loader (check defaults
 * by kind, {@code count} expansion), moved to 127.220/16 and to ports shifted by 20000 so that a
 * demo running on the same machine does not collide with the test.
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

  @SuppressWarnings("unchecked")
  private static Inventory load(String yaml) {
    Map<String, Object> root = new Yaml().load(yaml);
    Map<String, List<CheckSpec>> defaults = new HashMap<>();
    ((Map<String, List<Map<String, Object>>>) root.get("check-defaults"))
        .forEach((kind, checks) -> defaults.put(kind, checks.stream().map(c -> check(c)).toList()));
    List<Commune> communes = new ArrayList<>();
    for (Map<String, Object> c : (List<Map<String, Object>>) root.get("communes")) {
      communes.add(new Commune((String) c.get("id"), (String) c.get("name"), List.of(), ORIGIN));
    }
    List<School> schools = new ArrayList<>();
    List<Device> devices = new ArrayList<>();
    for (Map<String, Object> s : (List<Map<String, Object>>) root.get("schools")) {
      String id = (String) s.get("id");
      Map<String, Object> link = (Map<String, Object>) s.get("link");
      schools.add(
          new School(
              id,
              (String) s.get("name"),
              (String) s.get("commune"),
              (String) s.get("address"),
              new Link(
                  LinkType.fromKey((String) link.get("type")).orElseThrow(),
                  (String) link.get("provider"),
                  ((Number) link.get("down-mbps")).doubleValue(),
                  ((Number) link.get("up-mbps")).doubleValue(),
                  moved((String) link.get("address"))),
              ORIGIN));
      for (Map<String, Object> d : (List<Map<String, Object>>) s.get("devices")) {
        String kind = (String) d.get("kind");
        int count = (Integer) d.getOrDefault("count", 1);
        String address = moved((String) d.get("address"));
        String prefix = address.substring(0, address.lastIndexOf('.') + 1);
        int host = Integer.parseInt(address.substring(address.lastIndexOf('.') + 1));
        for (int k = 0; k < count; k++) {
          String deviceId =
              count == 1 ? (String) d.get("id") : d.get("id") + "-%02d".formatted(k + 1);
          devices.add(
              new Device(
                  deviceId,
                  id,
                  DeviceKind.fromKey(kind).orElseThrow(),
                  (String) d.get("name"),
                  prefix + (host + k),
                  null,
                  defaults.getOrDefault(kind, List.of()),
                  ORIGIN));
        }
      }
    }
    return new Inventory(communes, schools, devices, Tariff.defaults());
  }

  private static String moved(String address) {
    return address.replaceFirst("^127\\.(\\d+)\\.", "127.2$1.");
  }

  private static CheckSpec check(Map<String, Object> c) {
    Map<String, String> params = new HashMap<>();
    params.put("port", Integer.toString((Integer) c.get("port") + SHIFT));
    if (c.containsKey("path")) {
      params.put("path", (String) c.get("path"));
    }
    return new CheckSpec(
        (String) c.get("name"),
        (String) c.get("kind"),
        Duration.ofSeconds(60),
        Duration.ofSeconds(10),
        params,
        ORIGIN);
  }
}
