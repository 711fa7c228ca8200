package org.vigie.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SimulatorControlServerTest {
  private static final int NET = 203;
  private static final String SERVER_HOST = TestEstate.address(NET, 1, 10);

  private Vertx vertx;
  private SimulatedNetwork network;
  private SimulatorControlServer control;
  private HttpClient http;
  private String base;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    SimulatorOptions options =
        SimulatorOptions.defaults()
            .withClock(Clock.fixed(Instant.parse("2026-03-10T10:00:00Z"), ZoneOffset.UTC))
            .withFtpPort(TestEstate.FTP_PORT)
            .withNtpPort(TestEstate.NTP_PORT);
    network = new SimulatedNetwork(vertx, TestEstate.inventory(NET, 2), options);
    network.start().await();
    control = new SimulatorControlServer(vertx, network);
    int port = control.start(TestEstate.address(NET, 100, 1), 0).await().actualPort();
    base = "http://" + TestEstate.address(NET, 100, 1) + ":" + port;
    http = HttpClient.newHttpClient();
  }

  @AfterEach
  void stop() {
    try {
      http.close();
      control.stop().await();
      network.stop().await();
    } finally {
      vertx.close().await();
    }
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonObject post(String path, int expectedStatus) throws Exception {
    HttpResponse<String> r = send("POST", path);
    assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(expectedStatus);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    return new JsonObject(r.body());
  }

  private static boolean accepts(String host, int port) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 2000);
      return true;
    } catch (ConnectException e) {
      return false;
    }
  }

  @Test
  void devices_listsEveryDeviceWithItsState() throws Exception {
    HttpResponse<String> r = send("GET", "/devices");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonArray devices = new JsonArray(r.body());
    assertThat(devices).hasSize(8);
    JsonObject server = devices.getJsonObject(2);
    assertThat(server.getString("key")).isEqualTo("s1/server");
    assertThat(server.getBoolean("running")).isTrue();
    assertThat(server.getString("delay")).isEqualTo("0s");
    assertThat(server.getJsonObject("services").getString("smb")).isEqualTo("UP");
  }

  @Test
  void stopAndStart_switchTheDeviceOffAndOn() throws Exception {
    JsonObject stopped = post("/devices/s1/server/stop", 200);
    assertThat(stopped.getBoolean("running")).isFalse();
    assertThat(accepts(SERVER_HOST, TestEstate.SMB_PORT)).isFalse();

    assertThat(post("/devices/s1/server/start", 200).getBoolean("running")).isTrue();
    assertThat(accepts(SERVER_HOST, TestEstate.SMB_PORT)).isTrue();
  }

  @Test
  void serviceStopAndStart_switchOneService() throws Exception {
    JsonObject state = post("/devices/s1/server/services/smb/stop", 200);
    assertThat(state.getJsonObject("services").getString("smb")).isEqualTo("DOWN");
    assertThat(state.getJsonObject("services").getString("ldap")).isEqualTo("UP");
    assertThat(accepts(SERVER_HOST, TestEstate.SMB_PORT)).isFalse();

    post("/devices/s1/server/services/smb/start", 200);
    assertThat(accepts(SERVER_HOST, TestEstate.SMB_PORT)).isTrue();
    assertThat(post("/devices/s1/server/services/nope/stop", 404).getString("error"))
        .contains("nope");
  }

  @Test
  void faults_areSetFromQueryDurations_andClearedByReset() throws Exception {
    assertThat(post("/devices/s1/server/slow?delay=2s", 200).getString("delay")).isEqualTo("2s");
    assertThat(post("/devices/s1/server/stale-backup?age=3d", 200).getString("backupAge"))
        .isEqualTo("3d");
    assertThat(post("/devices/s1/server/clock-offset?offset=1500ms", 200).getString("clockOffset"))
        .isEqualTo("1500ms");
    assertThat(post("/devices/s1/server/clock-offset?offset=-2s", 200).getString("clockOffset"))
        .isEqualTo("-2s");
    assertThat(network.state("s1/server").orElseThrow().delay()).isEqualTo(Duration.ofSeconds(2));

    JsonObject reset = post("/devices/s1/server/reset", 200);
    assertThat(reset.getString("delay")).isEqualTo("0s");
    assertThat(reset.getString("backupAge")).isEqualTo("0s");
    assertThat(reset.getString("clockOffset")).isEqualTo("0s");
  }

  @Test
  void unknownDevice_is404WithAJsonError() throws Exception {
    assertThat(post("/devices/nope/x/stop", 404).getString("error"))
        .isEqualTo("unknown device 'nope/x'");
    assertThat(post("/devices/nope/x/slow?delay=1s", 404).getString("error"))
        .contains("unknown device");
  }

  @Test
  void badOrMissingDuration_is400() throws Exception {
    assertThat(post("/devices/s1/server/slow?delay=fast", 400).getString("error"))
        .isEqualTo("delay: not a duration (like 500ms, 10s, 5m, 1h or 1d): 'fast'");
    post("/devices/s1/server/slow?delay=10", 400);
    post("/devices/s1/server/slow", 400);
    post("/devices/s1/server/slow?delay=-1s", 400);
    assertThat(network.state("s1/server").orElseThrow().delay()).isZero();
  }

  @Test
  void serviceStartOnAStoppedDevice_is409() throws Exception {
    post("/devices/s1/server/stop", 200);
    post("/devices/s1/server/services/smb/start", 409);
  }
}
