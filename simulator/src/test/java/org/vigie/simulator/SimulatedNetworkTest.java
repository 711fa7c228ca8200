package org.vigie.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ntp.NTPUDPClient;
import org.apache.commons.net.ntp.TimeInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigie.inventory.CheckSpec;
import org.vigie.inventory.Device;
import org.vigie.inventory.DeviceKind;
import org.vigie.inventory.Inventory;
import org.vigie.inventory.Origin;
import org.vigie.inventory.Tariff;

@Timeout(30)
class SimulatedNetworkTest {
  private static final int NET = 201;
  private static final Instant NOW = Instant.parse("2026-03-10T10:00:00Z");
  private static final String SERVER = "s1/server";
  private static final String SERVER_HOST = TestEstate.address(NET, 1, 10);

  private Vertx vertx;
  private SimulatedNetwork network;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    network = startNetwork(TestEstate.inventory(NET, 3), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private SimulatedNetwork startNetwork(Inventory inventory, Clock clock) {
    SimulatorOptions options =
        SimulatorOptions.defaults()
            .withClock(clock)
            .withFtpPort(TestEstate.FTP_PORT)
            .withNtpPort(TestEstate.NTP_PORT);
    SimulatedNetwork n = new SimulatedNetwork(vertx, inventory, options);
    n.start().await();
    return n;
  }

  @AfterEach
  void stop() {
    try {
      network.stop().await();
    } finally {
      vertx.close().await();
    }
  }

  private static boolean accepts(String host, int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 2000);
      return true;
    } catch (ConnectException e) {
      return false;
    }
  }

  private static HttpResponse<String> get(String host, String path) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(
          HttpRequest.newBuilder(URI.create("http://" + host + ":" + TestEstate.HTTP_PORT + path))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  private FTPClient ftp() throws IOException {
    FTPClient ftp = new FTPClient();
    ftp.setDefaultTimeout(5000);
    ftp.connect(SERVER_HOST, TestEstate.FTP_PORT);
    assertThat(ftp.login("vigie", "vigie")).isTrue();
    ftp.enterLocalPassiveMode();
    return ftp;
  }

  @Test
  void everyDevice_isKnownByItsKey() {
    assertThat(network.deviceKeys()).hasSize(12).contains("s1/router", "s3/printer");
    assertThat(network.state(SERVER))
        .hasValueSatisfying(
            s -> {
              assertThat(s.running()).isTrue();
              assertThat(s.address()).isEqualTo(SERVER_HOST);
              assertThat(s.services())
                  .containsOnlyKeys("backup", "health", "smb", "ldap", "ntp")
                  .doesNotContainValue(false);
            });
  }

  @Test
  void stoppedDevice_refusesConnections_untilRestarted() throws Exception {
    assertThat(accepts(SERVER_HOST, TestEstate.SMB_PORT)).isTrue();

    network.stopDevice(SERVER).await();
    assertThat(accepts(SERVER_HOST, TestEstate.SMB_PORT)).isFalse();
    assertThat(accepts(SERVER_HOST, TestEstate.HTTP_PORT)).isFalse();
    assertThat(accepts(SERVER_HOST, TestEstate.FTP_PORT)).isFalse();
    assertThat(network.state(SERVER).orElseThrow().running()).isFalse();
    // The other schools' servers are untouched.
    assertThat(accepts(TestEstate.address(NET, 2, 10), TestEstate.SMB_PORT)).isTrue();

    network.startDevice(SERVER).await();
    assertThat(accepts(SERVER_HOST, TestEstate.SMB_PORT)).isTrue();
    assertThat(get(SERVER_HOST, "/health").statusCode()).isEqualTo(200);
  }

  @Test
  void stoppingADevice_dropsOpenConnections() throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(SERVER_HOST, TestEstate.SMB_PORT), 2000);
      s.setSoTimeout(5000);
      network.stopDevice(SERVER).await();
      InputStream in = s.getInputStream();
      int read;
      try {
        read = in.read();
      } catch (IOException e) {
        read = -1; // a reset is as good as an orderly close here
      }
      assertThat(read).isEqualTo(-1);
    }
  }

  @Test
  void stoppedService_refusesOnlyItsPort() throws Exception {
    network.stopService(SERVER, "smb").await();

    assertThat(accepts(SERVER_HOST, TestEstate.SMB_PORT)).isFalse();
    assertThat(accepts(SERVER_HOST, TestEstate.LDAP_PORT)).isTrue();
    assertThat(network.state(SERVER).orElseThrow().services())
        .containsEntry("smb", false)
        .containsEntry("ldap", true);

    network.startService(SERVER, "smb").await();
    assertThat(accepts(SERVER_HOST, TestEstate.SMB_PORT)).isTrue();
  }

  @Test
  void healthEndpoint_answers200WithJson() throws Exception {
    HttpResponse<String> r = get(SERVER_HOST, "/health");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(r.body()).isEqualTo("{\"status\":\"UP\",\"device\":\"s1/server\"}");
    assertThat(get(TestEstate.address(NET, 2, 1), "/").body()).contains("s2/router");
    assertThat(get(SERVER_HOST, "/nowhere").statusCode()).isEqualTo(404);
  }

  @Test
  void slowDevice_delaysHttpReplies_untilRestoredWithZero() throws Exception {
    network.slowDevice(SERVER, Duration.ofMillis(700)).await();
    long t0 = System.nanoTime();
    assertThat(get(SERVER_HOST, "/health").statusCode()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isGreaterThanOrEqualTo(Duration.ofMillis(700));
    assertThat(network.state(SERVER).orElseThrow().delay()).isEqualTo(Duration.ofMillis(700));

    network.slowDevice(SERVER, Duration.ZERO).await();
    t0 = System.nanoTime();
    get(SERVER_HOST, "/health");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(700));
  }

  @Test
  void slowDevice_delaysFtpReplies() throws Exception {
    network.slowDevice(SERVER, Duration.ofMillis(300)).await();
    long t0 = System.nanoTime();
    FTPClient ftp = ftp(); // greeting, USER and PASS: three delayed replies
    try {
      assertThat(Duration.ofNanos(System.nanoTime() - t0))
          .isGreaterThanOrEqualTo(Duration.ofMillis(900));
    } finally {
      ftp.disconnect();
    }
  }

  @Test
  void ftp_listsFourteenNightlyBackups_upToLastNight() throws Exception {
    FTPClient ftp = ftp();
    try {
      FTPFile[] files = ftp.mlistDir("/backups");

      assertThat(files).hasSize(14).allSatisfy(f -> assertThat(f.isFile()).isTrue());
      FTPFile newest =
          Arrays.stream(files).max(Comparator.comparing(f -> f.getTimestamp())).orElseThrow();
      assertThat(newest.getName()).isEqualTo("backup-20260310-0200.tar.gz");
      assertThat(newest.getTimestamp().toInstant())
          .isEqualTo(Instant.parse("2026-03-10T02:00:00Z"));
      assertThat(newest.getSize()).isBetween(1_000_000_000L, 30_000_000_000L);
      assertThat(Arrays.stream(files).map(FTPFile::getName))
          .contains("backup-20260225-0200.tar.gz")
          .doesNotContain("backup-20260224-0200.tar.gz");

      assertThat(ftp.getModificationTime("/backups/backup-20260310-0200.tar.gz"))
          .isEqualTo("20260310020000");
      assertThat(ftp.getSize("/backups/backup-20260310-0200.tar.gz"))
          .isEqualTo(Long.toString(newest.getSize()));
      assertThat(ftp.changeWorkingDirectory("backups")).isTrue();
      assertThat(ftp.printWorkingDirectory()).isEqualTo("/backups");
      assertThat(ftp.listNames()).hasSize(14);
      assertThat(ftp.listFiles()).hasSize(14);
    } finally {
      ftp.disconnect();
    }
  }

  @Test
  void ftp_retrievesAFile_inPassiveAndExtendedPassiveMode() throws Exception {
    FTPClient ftp = ftp();
    try {
      ftp.setFileType(FTPClient.BINARY_FILE_TYPE);
      String first = retrieve(ftp, "/backups/backup-20260310-0200.tar.gz");
      assertThat(first)
          .startsWith("Vigie simulated backup backup-20260310-0200.tar.gz of s1/server");

      ftp.setUseEPSVwithIPv4(true);
      assertThat(retrieve(ftp, "/backups/backup-20260310-0200.tar.gz")).isEqualTo(first);
      assertThat(ftp.retrieveFileStream("/backups/none.tar.gz")).isNull();
      assertThat(ftp.getReplyCode()).isEqualTo(550);
    } finally {
      ftp.disconnect();
    }
  }

  private static String retrieve(FTPClient ftp, String path) throws IOException {
    String text;
    try (InputStream in = ftp.retrieveFileStream(path)) {
      assertThat(in).as("RETR %s: %s", path, ftp.getReplyString()).isNotNull();
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(ftp.completePendingCommand()).isTrue();
    return text;
  }

  @Test
  void ftp_refusesAWrongPassword() throws Exception {
    FTPClient ftp = new FTPClient();
    ftp.setDefaultTimeout(5000);
    ftp.connect(SERVER_HOST, TestEstate.FTP_PORT);
    try {
      assertThat(FTPReply.isPositiveCompletion(ftp.getReplyCode())).isTrue();
      assertThat(ftp.login("vigie", "wrong")).isFalse();
      assertThat(ftp.getReplyCode()).isEqualTo(530);
      assertThat(ftp.sendCommand("PWD")).isEqualTo(530);
    } finally {
      ftp.disconnect();
    }
  }

  @Test
  void staleBackup_makesTheNewestBackupThatOld() throws Exception {
    network.staleBackup(SERVER, Duration.ofDays(3)).await();

    FTPClient ftp = ftp();
    try {
      FTPFile[] files = ftp.mlistDir("/backups");
      Instant newest =
          Arrays.stream(files)
              .map(f -> f.getTimestamp().toInstant())
              .max(Comparator.naturalOrder())
              .orElseThrow();
      assertThat(Duration.between(newest, NOW))
          .isGreaterThanOrEqualTo(Duration.ofDays(3))
          .isLessThan(Duration.ofDays(4));
      assertThat(ftp.getModificationTime("/backups/backup-20260307-0200.tar.gz"))
          .isEqualTo("20260307020000");
      assertThat(ftp.getModificationTime("/backups/backup-20260308-0200.tar.gz")).isNull();
    } finally {
      ftp.disconnect();
    }

    network.reset(SERVER).await();
    assertThat(network.state(SERVER).orElseThrow().backupAge()).isZero();
  }

  @Test
  void ntp_answersWithTheConfiguredClockOffset() throws Exception {
    network.stop().await();
    network = startNetwork(TestEstate.inventory(NET, 1), Clock.systemUTC());
    NTPUDPClient client = new NTPUDPClient();
    client.setDefaultTimeout(Duration.ofSeconds(3));
    client.open();
    try {
      InetAddress host = InetAddress.getByName(SERVER_HOST);
      TimeInfo before = client.getTime(host, TestEstate.NTP_PORT);
      before.computeDetails();
      assertThat(before.getMessage().getStratum()).isEqualTo(2);
      assertThat(before.getMessage().getMode()).isEqualTo(4);
      assertThat(Math.abs(before.getOffset())).isLessThan(250);

      network.clockOffset(SERVER, Duration.ofMillis(1500)).await();
      TimeInfo after = client.getTime(host, TestEstate.NTP_PORT);
      after.computeDetails();
      assertThat(after.getOffset()).isBetween(1250L, 1750L);
    } finally {
      client.close();
    }
  }

  @Test
  void checksSharingAnHttpPort_stopOneByOne() throws Exception {
    Origin origin = Origin.builtIn("test");
    String host = TestEstate.address(204, 1, 1);
    Map<String, String> admin = Map.of("port", "" + TestEstate.HTTP_PORT, "path", "/");
    Map<String, String> status = Map.of("port", "" + TestEstate.HTTP_PORT, "path", "/status");
    Duration minute = Duration.ofMinutes(1);
    Device router =
        new Device(
            "router",
            "s1",
            DeviceKind.ROUTER,
            "Routeur",
            host,
            null,
            List.of(
                new CheckSpec("admin", "http", minute, minute, admin, origin),
                new CheckSpec("status", "http", minute, minute, status, origin)),
            origin);
    SimulatedNetwork shared =
        new SimulatedNetwork(
            vertx,
            new Inventory(List.of(), List.of(), List.of(router), Tariff.defaults()),
            SimulatorOptions.defaults());
    shared.start().await();
    try {
      shared.stopService("s1/router", "status").await();
      assertThat(get(host, "/status").statusCode()).isEqualTo(503);
      assertThat(get(host, "/").statusCode()).isEqualTo(200);

      shared.stopService("s1/router", "admin").await();
      assertThat(accepts(host, TestEstate.HTTP_PORT)).isFalse();

      shared.startService("s1/router", "status").await();
      assertThat(get(host, "/status").statusCode()).isEqualTo(200);
      assertThat(get(host, "/").statusCode()).isEqualTo(503);
    } finally {
      shared.stop().await();
    }
  }

  @Test
  void unknownDevice_failsWithIllegalArgument() {
    assertThatThrownBy(() -> network.stopDevice("nope/x").await())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown device 'nope/x'");
    assertThatThrownBy(() -> network.slowDevice("nope/x", Duration.ZERO).await())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(network.state("nope/x")).isEmpty();
  }

  @Test
  void portAlreadyTaken_failsStartNamingTheDeviceAndAddress() throws Exception {
    String host = TestEstate.address(202, 1, 1);
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress(host, TestEstate.HTTP_PORT));
      SimulatedNetwork other =
          new SimulatedNetwork(vertx, TestEstate.inventory(202, 1), SimulatorOptions.defaults());

      assertThatThrownBy(() -> other.start().await())
          .hasMessageContaining("s1/router")
          .hasMessageContaining(host + ":" + TestEstate.HTTP_PORT);
      // Whatever did start was stopped again.
      assertThat(accepts(TestEstate.address(202, 1, 10), TestEstate.SMB_PORT)).isFalse();
    }
  }
}
