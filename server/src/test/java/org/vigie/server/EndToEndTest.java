package org.vigie.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.aggregator.Hysteresis;
import org.vigie.inventory.Device;
import org.vigie.inventory.DeviceKind;
import org.vigie.simulator.EstateGenerator;
import org.vigie.simulator.SimulatedNetwork;
import org.vigie.simulator.SimulatorOptions;

/** Simulator and Vigie in one JVM, talking over real loopback sockets. */
@Timeout(60)
class EndToEndTest {
  private static final Duration INTERVAL = Duration.ofSeconds(1);

  private Vertx vertx;
  private SimulatedNetwork network;
  private Vigie vigie;
  private Configuration config;
  @TempDir Path dir;

  @BeforeEach
  void setUp() throws Exception {
    String yaml =
        new EstateGenerator()
            .generate(
                EstateGenerator.Options.defaults()
                    .withCommunes(2)
                    .withSchools(3)
                    .withCheckInterval(INTERVAL));
    config = Configuration.load("e2e.yaml", yaml);
    vertx = Vertx.vertx();
    network =
        new SimulatedNetwork(vertx, config.inventory(), SimulatorOptions.defaults().withFtpPort(0));
    network.start().await();
    // No jitter: the test measures detection time against the interval.
    var settings = TestSettings.of(dir, new Hysteresis(3, 2), java.util.Optional.empty());
    vigie =
        new Vigie(vertx, config.inventory(), settings, Clock.systemUTC(), Map.of()).start().await();
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  private String metrics() throws Exception {
    return Scrape.metrics(vigie.httpPort());
  }

  private long waitFor(Predicate<String> condition, Duration max) throws Exception {
    long t0 = System.nanoTime();
    long deadline = t0 + max.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.test(metrics())) {
        return (System.nanoTime() - t0) / 1_000_000;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("condition not met within " + max + "; metrics:\n" + metrics());
  }

  /** Every check of the device has a sample of {@code metric} with {@code extra} and value. */
  private static Predicate<String> allChecks(Device d, String metric, String extra, String value) {
    return text ->
        d.checks().stream()
            .allMatch(
                c ->
                    text.lines()
                        .anyMatch(
                            l ->
                                l.contains("school=\"" + d.schoolId() + "\"")
                                    && l.contains("device=\"" + d.id() + "\"")
                                    && l.contains("check=\"" + c.name() + "\"")
                                    && l.startsWith(metric + "{")
                                    && l.contains(extra)
                                    && l.endsWith(" " + value)));
  }

  @Test
  void stoppedServer_turnsDownWithinThreeIntervals_andUpAgainWhenRestarted() throws Exception {
    Device server =
        config.inventory().devices().stream()
            .filter(d -> d.kind() == DeviceKind.SERVER)
            .findFirst()
            .orElseThrow();
    assertThat(server.checks()).hasSizeGreaterThanOrEqualTo(4);
    waitFor(allChecks(server, "vigie_check_state", "state=\"up\"", "1.0"), Duration.ofSeconds(5));

    network.stopDevice(server.key()).await();
    long downMs =
        waitFor(
            allChecks(server, "vigie_check_state", "state=\"down\"", "1.0"),
            Duration.ofSeconds(10));
    // Three failures at one-second intervals; 300 ms for the 50 ms polling and timer slack.
    assertThat(downMs).isLessThanOrEqualTo(3 * INTERVAL.toMillis() + 300);
    String whileDown = metrics();
    assertThat(allChecks(server, "vigie_probe_success", "", "0.0").test(whileDown)).isTrue();

    network.startDevice(server.key()).await();
    long upMs =
        waitFor(
            allChecks(server, "vigie_check_state", "state=\"up\"", "1.0"), Duration.ofSeconds(10));
    assertThat(upMs).isLessThanOrEqualTo(2 * INTERVAL.toMillis() + 300);
    assertThat(allChecks(server, "vigie_probe_success", "", "1.0").test(metrics())).isTrue();

    // The other schools' servers were never affected.
    List<Device> others =
        config.inventory().devices().stream()
            .filter(d -> d.kind() == DeviceKind.SERVER && !d.key().equals(server.key()))
            .toList();
    assertThat(others).isNotEmpty();
    String text = metrics();
    for (Device d : others) {
      assertThat(allChecks(d, "vigie_check_state", "state=\"up\"", "1.0").test(text)).isTrue();
    }
  }
}
