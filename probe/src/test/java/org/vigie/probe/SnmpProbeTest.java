package org.vigie.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snmp probe against a real net-snmp agent (Debian {@code snmpd}) that each test starts on a
 * loopback UDP port with its own configuration: a v2c community and a v3 user (SHA-256, AES).
 */
@Timeout(60)
class SnmpProbeTest {
  private static final String COMMUNITY = "c0mmunaute-ecoles";
  private static final String USER = "vigie";
  private static final String AUTH = "auth-Passw0rd-1";
  private static final String PRIV = "priv-Passw0rd-2";
  private static final String WRONG_COMMUNITY = "pas-la-bonne-communaute";
  private static final String WRONG_AUTH = "faux-Passw0rd-9";
  private static final String WRONG_PRIV = "faux-Priv-0rd-8";

  /**
   * The environment the probes get: the v3 passwords come from it, the community from a file
   * ({@link #communityRef}), so both kinds of secret reference reach a real agent.
   */
  private static final Map<String, String> ENV =
      Map.of(
          "VIGIE_SNMP_AUTH", AUTH,
          "VIGIE_SNMP_PRIV", PRIV,
          "VIGIE_SNMP_WRONG_COMMUNITY", WRONG_COMMUNITY,
          "VIGIE_SNMP_WRONG_AUTH", WRONG_AUTH,
          "VIGIE_SNMP_WRONG_PRIV", WRONG_PRIV);

  /** Every SNMP4J log record of the run, to prove no secret is ever logged. */
  private static final List<String> LOGGED = new CopyOnWriteArrayList<>();

  static {
    // SNMP4J logs through JUL once told so; capture everything at the finest level.
    org.snmp4j.log.LogFactory.setLogFactory(new org.snmp4j.log.JavaLogFactory());
    Logger snmp4j = Logger.getLogger("org.snmp4j");
    snmp4j.setLevel(Level.ALL);
    snmp4j.addHandler(
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            LOGGED.add(new java.util.logging.SimpleFormatter().formatMessage(r));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        });
  }

  @TempDir Path dir;
  private Vertx vertx;
  private ProbeRunner runner;
  private ExternalServer snmpd;
  private int port;
  private String communityRef;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    runner = new ProbeRunner(ProbeKinds.standard(vertx, ENV), Clock.systemUTC());
    Path community = Files.writeString(dir.resolve("snmp.community"), COMMUNITY + "\n");
    communityRef = "file:" + community;
    port = ExternalServer.freeUdpPort();
    startSnmpd();
  }

  private void startSnmpd() throws Exception {
    Path conf = dir.resolve("snmpd.conf");
    Path persistent = Files.createDirectories(dir.resolve("persistent"));
    Files.writeString(
        conf,
        String.join(
            "\n",
            "rocommunity " + COMMUNITY + " 127.0.0.1",
            "createUser " + USER + " SHA-256 \"" + AUTH + "\" AES \"" + PRIV + "\"",
            "rouser " + USER + " priv",
            ""));
    snmpd =
        ExternalServer.start(
            List.of(
                "/usr/sbin/snmpd",
                "-f",
                "-Lo",
                "-C",
                "-c",
                conf.toString(),
                "udp:127.0.0.1:" + port),
            Map.of("SNMP_PERSISTENT_DIR", persistent.toString()));
    // Its own check name: the readiness runs must not be the "previous run" of a test's check.
    Map<String, String> ready = Map.of("version", "2c", "community", communityRef);
    snmpd.awaitReady(
        Duration.ofSeconds(10),
        () -> run("ready", ready, Duration.ofSeconds(1)).outcome() != Outcome.DOWN);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (snmpd != null) {
      snmpd.close();
    }
    vertx.close().await();
  }

  private ProbeResult run(String name, Map<String, String> params, Duration timeout) {
    Map<String, String> p = new HashMap<>(params);
    p.put("port", Integer.toString(port));
    return runner
        .run(
            TestChecks.check(
                "s1", "rtr", "127.0.0.1", name, "snmp", Duration.ofSeconds(60), timeout, p),
            Instant.now())
        .await();
  }

  private ProbeResult v2c(Map<String, String> extra) {
    Map<String, String> p = new HashMap<>(extra);
    p.put("version", "2c");
    p.putIfAbsent("community", communityRef);
    return run("snmp", p, Duration.ofSeconds(1));
  }

  private static Map<String, String> v3(String auth, String priv) {
    return Map.of(
        "version",
        "3",
        "user",
        USER,
        "auth-protocol",
        "SHA-256",
        "auth-password",
        auth,
        "priv-protocol",
        "AES128",
        "priv-password",
        priv);
  }

  @Test
  void v2c_isUp_withUptimeInterfacesAndHostResources() {
    ProbeResult r = v2c(Map.of("interfaces", "lo"));
    assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.UP);
    assertThat(r.figures().get("uptime_seconds")).isGreaterThan(0.0).isLessThan(60.0);
    assertThat(r.figures()).containsEntry("rebooted", 0.0).containsEntry("oper_up:lo", 1.0);
    assertThat(r.figures().keySet()).anyMatch(k -> k.startsWith("disk_used_ratio:"));
  }

  @Test
  void secondRun_givesThroughputFromTheOctetCounters() throws Exception {
    v2c(Map.of("interfaces", "lo"));
    // net-snmp caches interface counters for about 3 s: wait past that.
    Thread.sleep(3500);
    ProbeResult r = v2c(Map.of("interfaces", "lo"));
    // The probe's own SNMP traffic crosses lo, so its counters moved.
    assertThat(r.figures().get("in_bps:lo")).isGreaterThan(0.0);
    assertThat(r.figures().get("out_bps:lo")).isGreaterThan(0.0);
  }

  @Test
  void interfacesPattern_watchesOnlyTheInterfacesThatExist() {
    ProbeResult r = v2c(Map.of("interfaces", "lo|wan0"));
    assertThat(r.outcome()).isEqualTo(Outcome.UP);
    assertThat(r.figures()).doesNotContainKey("oper_up:wan0");
  }

  @Test
  void v3_withShaAndAes_isUp() {
    ProbeResult r =
        run("snmp3", v3("env:VIGIE_SNMP_AUTH", "env:VIGIE_SNMP_PRIV"), Duration.ofSeconds(2));
    assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.UP);
    assertThat(r.figures().get("uptime_seconds")).isGreaterThan(0.0);
  }

  @Test
  void agentRestart_isSeenAsAReboot() throws Exception {
    Thread.sleep(1200);
    ProbeResult before = v2c(Map.of());
    assertThat(before.figures()).containsEntry("rebooted", 0.0);
    snmpd.close();
    startSnmpd();
    ProbeResult after = v2c(Map.of());
    assertThat(after.outcome())
        .as(before.figures() + " then " + after.figures())
        .isEqualTo(Outcome.DEGRADED);
    assertThat(after.figures()).containsEntry("rebooted", 1.0);
    assertThat(after.reason()).startsWith("127.0.0.1:" + port + ": rebooted: uptime ");
  }

  @Test
  void wrongCommunity_orWrongPasswords_areDown_andNoSecretIsEverShownOrLogged() {
    ProbeResult badCommunity = v2c(Map.of("community", "env:VIGIE_SNMP_WRONG_COMMUNITY"));
    ProbeResult badAuth =
        run(
            "bad-auth",
            v3("env:VIGIE_SNMP_WRONG_AUTH", "env:VIGIE_SNMP_PRIV"),
            Duration.ofSeconds(1));
    ProbeResult badPriv =
        run(
            "bad-priv",
            v3("env:VIGIE_SNMP_AUTH", "env:VIGIE_SNMP_WRONG_PRIV"),
            Duration.ofSeconds(1));
    assertThat(badCommunity.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(badAuth.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(badPriv.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(badAuth.reason()).startsWith("127.0.0.1:" + port + ": ");
    List<String> secrets = List.of(COMMUNITY, AUTH, PRIV, WRONG_COMMUNITY, WRONG_AUTH, WRONG_PRIV);
    for (ProbeResult r : List.of(badCommunity, badAuth, badPriv)) {
      for (String s : secrets) {
        assertThat(r.reason()).doesNotContain(s);
      }
    }
    assertThat(LOGGED).isNotEmpty();
    for (String line : LOGGED) {
      for (String s : secrets) {
        assertThat(line).doesNotContain(s);
      }
    }
  }

  @Test
  void agentAnsweringGarbage_isDownWithinTheTimeout() {
    DatagramSocket garbage = vertx.createDatagramSocket();
    garbage.handler(
        p -> {
          byte[] junk = new byte[ThreadLocalRandom.current().nextInt(1, 400)];
          ThreadLocalRandom.current().nextBytes(junk);
          junk[0] = 0x30; // looks like a BER sequence, to reach the decoder
          garbage.send(Buffer.buffer(junk), p.sender().port(), p.sender().host());
        });
    int garbagePort = garbage.listen(0, "127.0.0.1").await().localAddress().port();
    long t0 = System.nanoTime();
    ProbeResult r =
        runner
            .run(
                TestChecks.check(
                    "s1",
                    "ap",
                    "127.0.0.1",
                    "snmp",
                    "snmp",
                    Duration.ofSeconds(60),
                    Duration.ofMillis(800),
                    Map.of(
                        "port",
                        Integer.toString(garbagePort),
                        "version",
                        "2c",
                        "community",
                        communityRef)),
                Instant.now())
            .await();
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason()).startsWith("127.0.0.1:" + garbagePort + ": ").doesNotContain(COMMUNITY);
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1500);
  }

  @Test
  void missingCommunityFile_isDown_namingTheFileAndNoValue() {
    Path missing = dir.resolve("absent.community");
    ProbeResult r = v2c(Map.of("community", "file:" + missing));
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason())
        .isEqualTo("127.0.0.1:" + port + ": secret file " + missing + " not found");
  }

  @Test
  void unsetPasswordVariable_isDown_namingTheVariable() {
    ProbeResult r =
        run("snmp3", v3("env:VIGIE_SNMP_AUTH", "env:VIGIE_SNMP_NONE"), Duration.ofSeconds(1));
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.reason())
        .isEqualTo("127.0.0.1:" + port + ": environment variable VIGIE_SNMP_NONE is not set");
  }
}
