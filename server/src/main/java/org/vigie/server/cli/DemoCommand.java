package org.vigie.server.cli;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.vigie.aggregator.Secret;
import org.vigie.aggregator.StoreOptions;
import org.vigie.alerting.Alerting;
import org.vigie.inventory.Durations;
import org.vigie.inventory.InvalidConfigurationException;
import org.vigie.server.Configuration;
import org.vigie.server.Vigie;
import org.vigie.simulator.EstateGenerator;
import org.vigie.simulator.SimulatedNetwork;
import org.vigie.simulator.SimulatorControlServer;
import org.vigie.simulator.SimulatorOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigie demo}: a simulated school network (on loopback addresses, no root needed) monitored
 * by Vigie with the embedded example configuration ({@code examples/demo.yaml}).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Start a simulated school network and monitor it with embedded defaults."
            + " Nothing else to install.")
public final class DemoCommand extends BaseCommand {
  static final String EMBEDDED = "/org/vigie/server/demo.yaml";

  /** What {@code examples/demo.yaml} is generated with ({@code vigie generate} defaults). */
  public static final EstateGenerator.Options DEMO_ESTATE =
      EstateGenerator.Options.defaults().withCheckInterval(Duration.ofSeconds(30));

  @Option(
      names = "--schools",
      description = "Generate this many schools instead of the embedded example (110).")
  Integer schools;

  @Option(
      names = "--duration",
      description = "Stop after this long (e.g. 60s, 10m). Default: until Ctrl-C.")
  String duration;

  @Option(names = "--http-port", description = "Port of /metrics and /health (default 8080).")
  Integer httpPort;

  @Option(
      names = "--control-port",
      defaultValue = "8081",
      description = "Port of the simulator's fault-injection endpoint (default ${DEFAULT-VALUE}).")
  int controlPort;

  @Option(
      names = "--interval",
      description = "With --schools: the check interval of the generated estate (default 30s).")
  String interval;

  @Override
  public Integer call() throws Exception {
    Duration stopAfter = null;
    Duration checkInterval = Duration.ofSeconds(30);
    try {
      stopAfter = duration == null ? null : Durations.parse(duration);
      checkInterval = interval == null ? checkInterval : Durations.parse(interval);
    } catch (IllegalArgumentException e) {
      err().println("vigie demo: " + e.getMessage() + " (write durations like 60s, 10m, 1h)");
      return ExitCodes.FAILED;
    }
    String name;
    String yaml;
    if (schools == null) {
      name = "examples/demo.yaml (embedded)";
      yaml = embedded();
    } else {
      name = "generated (" + schools + " schools)";
      yaml =
          new EstateGenerator()
              .generate(
                  EstateGenerator.Options.defaults()
                      .withSchools(schools)
                      .withCommunes(Math.min(68, schools))
                      .withCheckInterval(checkInterval));
    }
    Configuration c;
    try {
      c = Configuration.load(name, yaml);
    } catch (InvalidConfigurationException e) {
      return ExitCodes.report(err(), e);
    }
    var settings = httpPort == null ? c.settings() : c.settings().withHttpPort(httpPort);
    // The demo leaves nothing behind: its state store lives in a temporary folder.
    Path demoData = Files.createTempDirectory("vigie-demo");
    settings =
        settings.withStore(
            new StoreOptions().setUrl("jdbc:sqlite:" + demoData.resolve("vigie.db")));
    String shownToken = "<vigie.http.api-token>";
    if (settings.apiToken().isEmpty()) {
      // A token for this run only, printed below, so that the API can be tried at once (a
      // configured token is never printed).
      byte[] random = new byte[18];
      new java.security.SecureRandom().nextBytes(random);
      shownToken = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      settings = settings.withApiToken(Secret.of(shownToken));
    }
    var inv = c.inventory();
    Lifecycle lifecycle = new Lifecycle();
    Vertx vertx = Vertx.vertx();
    try {
      SimulatedNetwork network =
          new SimulatedNetwork(
              vertx, inv, SimulatorOptions.defaults().withClock(Clock.systemUTC()));
      network.start().await();
      var control =
          new SimulatorControlServer(vertx, network).start("127.0.0.1", controlPort).await();
      Vigie vigie =
          new Vigie(vertx, inv, settings, Clock.systemUTC(), System.getenv()).start().await();
      if (settings.alerting().email().isEmpty()) {
        // No SMTP server in the demo: the e-mails Vigie would send are printed instead.
        vigie.outbox().register(Alerting.EMAIL, new ConsoleMailbox(out()));
      }
      String host = settings.httpHost();
      out()
          .printf(
              "Vigie demo: %d communes, %d schools, %d devices simulated on 127.x.y.z; %d checks.%n",
              inv.communes().size(),
              inv.schools().size(),
              inv.devices().size(),
              inv.checks().size());
      out().printf("  Metrics:   http://%s:%d/metrics%n", host, vigie.httpPort());
      out().printf("  Health:    http://%s:%d/health%n", host, vigie.httpPort());
      out()
          .printf(
              "  Faults:    curl -X POST http://127.0.0.1:%d/devices/<school>/<device>/stop"
                  + "  (list: GET /devices)%n",
              control.actualPort());
      out().println("  E-mails:   printed here as they would be sent (stop a device to see one)");
      out()
          .printf(
              "  Incidents: curl -H 'Authorization: Bearer %s' http://%s:%d/api/incidents"
                  + "  (acknowledge: POST .../api/incidents/<id>/acknowledge {\"user\": \"you\"})%n",
              shownToken, host, vigie.httpPort());
      out()
          .printf(
              "  Log:       %s%n",
              Path.of(System.getProperty("vigie.log.file", "vigie.log")).toAbsolutePath());
      out()
          .println(
              stopAfter == null
                  ? "Press Ctrl-C to stop."
                  : "Stopping by itself in " + Durations.format(stopAfter) + " (or Ctrl-C).");
      lifecycle.await(stopAfter);
      out().println("Vigie demo: stopping.");
      vigie.stop().await();
      control.close().await();
      network.stop().await();
      return ExitCodes.OK;
    } catch (RuntimeException e) {
      err().println("vigie demo: " + e.getMessage());
      return ExitCodes.FAILED;
    } finally {
      vertx.close().await();
      deleteTree(demoData);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  static String embedded() throws IOException {
    try (InputStream in = DemoCommand.class.getResourceAsStream(EMBEDDED)) {
      if (in == null) {
        throw new IOException("the embedded demo configuration is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
