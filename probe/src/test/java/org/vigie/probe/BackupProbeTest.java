package org.vigie.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.command.CommandFactoryFactory;
import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.probe.icmp.IcmpPinger;

/**
 * The backup probe against a real FTP server (Apache FtpServer, in process) holding dated files.
 */
@Timeout(30)
class BackupProbeTest {
  private static final String USER = "sauvegarde";
  private static final String PASSWORD = "Tr3s-Secret!";
  private static final String WRONG = "Mauvais-Mot-2-Passe";

  @TempDir Path home;
  @TempDir Path etc;
  private Vertx vertx;
  private ProbeRunner runner;
  private FtpServer ftp;
  private String passwordRef;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    // The wrong password comes from the environment, the right one from a file: both kinds of
    // reference are exercised against a real server.
    runner =
        new ProbeRunner(
            ProbeKinds.standard(vertx, Map.of("VIGIE_FTP_WRONG", WRONG)), Clock.systemUTC());
    Path file = Files.writeString(etc.resolve("ftp.password"), PASSWORD + "\n");
    passwordRef = "file:" + file;
  }

  @AfterEach
  void tearDown() {
    if (ftp != null) {
      ftp.stop();
    }
    vertx.close().await();
  }

  /** Starts the FTP server; without MLST in FEAT when {@code mlsd} is false. */
  private int startFtp(boolean mlsd) throws Exception {
    int port = ExternalServer.freeTcpPort();
    FtpServerFactory factory = new FtpServerFactory();
    ListenerFactory listener = new ListenerFactory();
    listener.setServerAddress("127.0.0.1");
    listener.setPort(port);
    factory.addListener("default", listener.createListener());
    var users = new PropertiesUserManagerFactory().createUserManager();
    BaseUser user = new BaseUser();
    user.setName(USER);
    user.setPassword(PASSWORD);
    user.setHomeDirectory(home.toString());
    user.setAuthorities(List.<Authority>of(new WritePermission()));
    users.save(user);
    factory.setUserManager(users);
    if (!mlsd) {
      CommandFactoryFactory commands = new CommandFactoryFactory();
      // An older server: FEAT without MLST, so the probe must fall back to LIST + MDTM.
      commands.addCommand(
          "FEAT",
          (session, context, request) -> {
            session.resetState();
            session.write(new DefaultFtpReply(211, "Extensions supported:\n MDTM\n SIZE\nEnd"));
          });
      factory.setCommandFactory(commands.createCommandFactory());
    }
    ftp = factory.createServer();
    ftp.start();
    return port;
  }

  private void backup(String name, int bytes, Duration age) throws Exception {
    Path dir = Files.createDirectories(home.resolve("sauvegardes"));
    Path f = Files.write(dir.resolve(name), new byte[bytes]);
    Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.from(Instant.now().minus(age)));
  }

  private ProbeResult probe(int port, Duration timeout, Map<String, String> extra) {
    Map<String, String> params = new HashMap<>();
    params.put("port", Integer.toString(port));
    params.put("user", USER);
    params.put("password", passwordRef);
    params.put("path", "/sauvegardes");
    params.putAll(extra);
    return runner
        .run(TestChecks.check("s1", "127.0.0.1", "backup", timeout, params), Instant.now())
        .await();
  }

  private void threeNightlyBackups() throws Exception {
    backup("nuit-2024-03-01.tar.gz", 1000, Duration.ofHours(50));
    backup("nuit-2024-03-02.tar.gz", 1100, Duration.ofHours(26).plusMinutes(-120));
    backup("nuit-2024-03-03.tar.gz", 1200, Duration.ofHours(2));
    backup("notes.txt", 5, Duration.ofMinutes(1));
  }

  @Test
  void freshBackup_isUp_withAgeSizeRatioAndCount_overMlsd() throws Exception {
    threeNightlyBackups();
    int port = startFtp(true);
    ProbeResult r = probe(port, Duration.ofSeconds(5), Map.of("pattern", "nuit-*.tar.gz"));
    assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.UP);
    assertThat(r.figures()).containsEntry("file_count", 3.0).containsEntry("size_bytes", 1200.0);
    assertThat(r.figures().get("size_change_ratio")).isCloseTo(1200.0 / 1100, within(1e-9));
    assertThat(r.figures().get("age_seconds")).isCloseTo(7200.0, within(5.0));
  }

  @Test
  void serverWithoutMlsd_fallsBackToListAndMdtm_withTheSameFigures() throws Exception {
    threeNightlyBackups();
    int port = startFtp(false);
    ProbeResult r =
        probe(port, Duration.ofSeconds(5), Map.of("pattern", "regex:nuit-.*\\.tar\\.gz"));
    assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.UP);
    assertThat(r.figures()).containsEntry("file_count", 3.0).containsEntry("size_bytes", 1200.0);
    assertThat(r.figures().get("age_seconds")).isCloseTo(7200.0, within(5.0));
  }

  @Test
  void oldNewestBackup_isDown_andSaysHowOld() throws Exception {
    backup("nuit.tar.gz", 1000, Duration.ofDays(3).plusHours(4).plusMinutes(10));
    int port = startFtp(true);
    ProbeResult r = probe(port, Duration.ofSeconds(5), Map.of());
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason()).isEqualTo("newest backup nuit.tar.gz is 3d 4h old (max 26h)");
  }

  @Test
  void suddenSizeDrop_isDegraded_withBothSizes() throws Exception {
    backup("a.tar.gz", 10_000, Duration.ofHours(25));
    backup("b.tar.gz", 2_000, Duration.ofHours(1));
    int port = startFtp(true);
    ProbeResult r = probe(port, Duration.ofSeconds(5), Map.of("pattern", "*.tar.gz"));
    assertThat(r.outcome()).isEqualTo(Outcome.DEGRADED);
    assertThat(r.figures().get("size_change_ratio")).isCloseTo(0.2, within(1e-9));
    assertThat(r.reason())
        .isEqualTo(
            "newest backup b.tar.gz is 2000 bytes, 20% of the previous one (a.tar.gz, 10000 bytes;"
                + " min 50%)");
  }

  @Test
  void noMatchingFile_isDown() throws Exception {
    backup("notes.txt", 5, Duration.ofMinutes(1));
    int port = startFtp(true);
    ProbeResult r = probe(port, Duration.ofSeconds(5), Map.of("pattern", "*.tar.gz"));
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason())
        .isEqualTo("no backup matching '*.tar.gz' in ftp://127.0.0.1:" + port + "/sauvegardes");
  }

  @Test
  void wrongPassword_isDown_andNeverShowsThePassword() throws Exception {
    backup("a.tar.gz", 10, Duration.ofHours(1));
    int port = startFtp(true);
    ProbeResult r = probe(port, Duration.ofSeconds(5), Map.of("password", "env:VIGIE_FTP_WRONG"));
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason())
        .startsWith(
            "ftp://127.0.0.1:" + port + "/sauvegardes: login refused for user 'sauvegarde': 530");
    assertThat(r.reason()).doesNotContain(WRONG).doesNotContain(PASSWORD);
  }

  @Test
  void missingSecretFile_isDown_namingTheFileAndNoValue() throws Exception {
    backup("a.tar.gz", 10, Duration.ofHours(1));
    int port = startFtp(true);
    Path missing = etc.resolve("absent.password");
    ProbeResult r = probe(port, Duration.ofSeconds(5), Map.of("password", "file:" + missing));
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason())
        .isEqualTo("ftp://127.0.0.1:" + port + ": secret file " + missing + " not found");
  }

  @Test
  void unsetSecretVariable_isDown_namingTheVariable() {
    ProbeResult r = probe(2121, Duration.ofSeconds(5), Map.of("password", "env:VIGIE_FTP_NONE"));
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason())
        .isEqualTo("ftp://127.0.0.1:2121: environment variable VIGIE_FTP_NONE is not set");
  }

  @Test
  void passwordWrittenInTheCheck_isDown_withoutQuotingIt() {
    // The loader refuses it; a check built otherwise still never sends nor shows it.
    ProbeResult r = probe(2121, Duration.ofSeconds(5), Map.of("password", PASSWORD));
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason())
        .isEqualTo("ftp://127.0.0.1:2121: not a secret reference (file:/path/to/file or env:NAME)");
  }

  @Test
  void rotatedPasswordFile_isReadAgain_afterTheCacheTime() throws Exception {
    backup("a.tar.gz", 10, Duration.ofHours(1));
    int port = startFtp(true);
    Path file = etc.resolve("rotating.password");
    Files.writeString(file, WRONG);
    AtomicLong now = new AtomicLong();
    SecretResolver secrets = new SecretResolver(vertx, Map.of(), now::get, Duration.ofSeconds(60));
    ProbeRunner rotating =
        new ProbeRunner(
            ProbeKinds.standard(vertx, new IcmpPinger(vertx), secrets), Clock.systemUTC());
    Map<String, String> params =
        Map.of(
            "port",
            Integer.toString(port),
            "user",
            USER,
            "password",
            "file:" + file,
            "path",
            "/sauvegardes");
    var check = TestChecks.check("s1", "127.0.0.1", "backup", Duration.ofSeconds(5), params);

    assertThat(rotating.run(check, Instant.now()).await().outcome()).isEqualTo(Outcome.DOWN);
    Files.writeString(file, PASSWORD);
    now.addAndGet(Duration.ofSeconds(59).toNanos());
    assertThat(rotating.run(check, Instant.now()).await().outcome()).isEqualTo(Outcome.DOWN);
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    ProbeResult r = rotating.run(check, Instant.now()).await();
    assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.UP);
  }

  @Test
  void serverStallingOnTheDataConnection_endsWithinTheTimeout_sayingWhere() {
    // A server that speaks FTP on the control connection, then sends nothing on the data one.
    NetServer data = vertx.createNetServer().connectHandler(s -> {}).listen(0, "127.0.0.1").await();
    int dp = data.actualPort();
    NetServer control =
        vertx
            .createNetServer()
            .connectHandler(s -> stallingFtp(s, dp))
            .listen(0, "127.0.0.1")
            .await();
    long t0 = System.nanoTime();
    ProbeResult r = probe(control.actualPort(), Duration.ofMillis(1500), Map.of());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason())
        .startsWith("ftp://127.0.0.1:" + control.actualPort() + ": ")
        .endsWith(" while listing /sauvegardes (MLSD)")
        .doesNotContain(PASSWORD);
    assertThat(ms).isLessThan(2500);
  }

  private static void stallingFtp(NetSocket s, int dataPort) {
    s.write("220 stalling test server\r\n");
    s.handler(
        io.vertx.core.parsetools.RecordParser.newDelimited(
            "\r\n",
            line -> {
              String cmd = line.toString().split(" ")[0].toUpperCase();
              switch (cmd) {
                case "USER" -> s.write("331 password please\r\n");
                case "PASS" -> s.write("230 logged in\r\n");
                case "FEAT" ->
                    s.write("211-Features:\r\n MLST type*;size*;modify*;\r\n211 End\r\n");
                case "PASV" ->
                    s.write(
                        "227 Entering Passive Mode (127,0,0,1,"
                            + (dataPort >> 8)
                            + ","
                            + (dataPort & 0xff)
                            + ")\r\n");
                case "MLSD" -> s.write("150 here it comes\r\n");
                default -> s.write("200 ok\r\n");
              }
            }));
  }
}
