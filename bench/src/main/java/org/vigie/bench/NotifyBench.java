package org.vigie.bench;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vigie.aggregator.CheckState;
import org.vigie.aggregator.Hysteresis;
import org.vigie.aggregator.StateChange;
import org.vigie.aggregator.StoreOptions;
import org.vigie.alerting.AlertingSettings;
import org.vigie.alerting.IncidentEvent;
import org.vigie.inventory.ConfigNode;
import org.vigie.inventory.Inventory;
import org.vigie.inventory.InventoryLoader;
import org.vigie.inventory.LoadResult;
import org.vigie.inventory.Problem;
import org.vigie.inventory.calendar.FrenchSchoolCalendar;
import org.vigie.probe.ProbeKinds;
import org.vigie.probe.SchedulerOptions;
import org.vigie.server.Vigie;
import org.vigie.server.VigieSettings;

/**
 * Issue #5's notification benchmark through the whole of Vigie: {@code checks} TCP checks (one per
 * server, 91 servers per school: 110 schools for 10,000) against target processes on loopback; the
 * target process of 10 % of them is killed at once; for each of those checks, the time from the
 * probe result that turned it DOWN (its {@link StateChange} on {@code vigie.state}, received in
 * this JVM) to the acceptance by the SMTP server ({@link SmtpSink}) of the first e-mail that names
 * its incident. Real scheduler, probes, aggregator, SQLite state store, incidents, notification,
 * outbox and e-mail deliverer; rule {@code for: 0s}, group wait as given.
 *
 * <p>Warm-up (optional, a daemon's steady state): before the measure, another 5 % of the checks
 * fail and recover once, so that the JIT has compiled the alerting path.
 */
final class NotifyBench {
  private static final Pattern DEVICE = Pattern.compile("device:(s\\d+/d\\d+)@");
  private static final int PER_SCHOOL = 91;

  private final int checks;
  private final Duration interval;
  private final Duration groupWait;
  private final boolean warmUp;

  NotifyBench(int checks, Duration interval, Duration groupWait, boolean warmUp) {
    this.checks = checks;
    this.interval = interval;
    this.groupWait = groupWait;
    this.warmUp = warmUp;
  }

  private static boolean measured(int i) {
    return i % 10 == 0;
  }

  private static boolean warm(int i) {
    return i % 20 == 5;
  }

  String run() throws Exception {
    try (Targets healthy = Targets.start();
        Targets failing = Targets.start();
        SmtpSink smtp = new SmtpSink()) {
      Targets[] warmTargets = {Targets.start()};
      int warmTcp = warmTargets[0].tcpPort;
      int smtpPort = smtp.start();
      Inventory inventory =
          Estates.tcp(
              checks,
              PER_SCHOOL,
              interval,
              i -> measured(i) ? failing.tcpPort : warmUp && warm(i) ? warmTcp : healthy.tcpPort);
      Set<String> measuredDevices = new HashSet<>();
      Set<String> warmDevices = new HashSet<>();
      for (int i = 0; i < checks; i++) {
        if (measured(i)) {
          measuredDevices.add("s" + (i / PER_SCHOOL) + "/d" + i);
        } else if (warmUp && warm(i)) {
          warmDevices.add("s" + (i / PER_SCHOOL) + "/d" + i);
        }
      }

      Map<String, Long> downAt = new ConcurrentHashMap<>();
      Map<String, Long> openedAt = new ConcurrentHashMap<>();
      Set<String> up = ConcurrentHashMap.newKeySet();
      Vertx vertx = Vertx.vertx();
      vertx
          .eventBus()
          .<StateChange>localConsumer(
              StateChange.ADDRESS,
              m -> {
                StateChange c = m.body();
                String device = c.checkKey().substring(0, c.checkKey().lastIndexOf('/'));
                if (c.to() == CheckState.DOWN) {
                  downAt.putIfAbsent(device, System.nanoTime());
                  up.remove(device);
                } else if (c.to() == CheckState.UP) {
                  up.add(device);
                }
              });
      vertx
          .eventBus()
          .<IncidentEvent>localConsumer(
              IncidentEvent.ADDRESS,
              m -> {
                if (m.body().type() == IncidentEvent.Type.OPENED) {
                  String fp = m.body().incident().fingerprint();
                  if (fp.startsWith("device:")) {
                    openedAt.putIfAbsent(fp.substring("device:".length()), System.nanoTime());
                  }
                }
              });
      VigieSettings settings =
          new VigieSettings(
              "127.0.0.1",
              0,
              new SchedulerOptions(1000, 4, SchedulerOptions.DEFAULT_JITTER),
              Hysteresis.defaults(),
              new StoreOptions()
                  .setUrl(
                      "jdbc:sqlite:"
                          + Files.createTempDirectory("vigie-notify-bench").resolve("vigie.db")),
              Optional.empty(),
              alerting(inventory, smtpPort),
              FrenchSchoolCalendar.defaults());
      Vigie vigie =
          new Vigie(vertx, inventory, settings, Clock.systemUTC(), Map.of()).start().await();
      waitFor(() -> up.size() == checks, interval.multipliedBy(3), "every check up");

      if (warmUp) {
        warmTargets[0].kill();
        waitFor(
            () -> mentioned(smtp.accepted(), 0).keySet().containsAll(warmDevices),
            Duration.ofSeconds(120),
            "warm-up e-mails");
        warmTargets[0] = Targets.start(warmTcp, Targets.freePort());
        waitFor(() -> up.size() == checks, interval.multipliedBy(4), "warm-up recovery");
        Thread.sleep(3000); // recovery notices out
        downAt.clear();
        openedAt.clear();
      }

      int before = smtp.accepted().size();
      long killedAt = System.nanoTime();
      failing.kill();
      waitFor(
          () -> mentioned(smtp.accepted(), before).keySet().containsAll(measuredDevices),
          Duration.ofSeconds(180),
          "e-mails for every failed check",
          () ->
              smtp.accepted().size()
                  - before
                  + " e-mails, "
                  + mentioned(smtp.accepted(), before).size()
                  + " devices named; first: "
                  + (smtp.accepted().size() > before ? smtp.accepted().get(before).data() : ""));
      if (Boolean.getBoolean("bench.dump") && !smtp.accepted().isEmpty()) {
        System.err.println(smtp.accepted().get(before).data());
      }
      long lastMail = smtp.accepted().get(smtp.accepted().size() - 1).nanos();
      Map<String, Long> told = mentioned(smtp.accepted(), before);
      int messages = smtp.accepted().size() - before;
      long[] latency = new long[measuredDevices.size()];
      long[] toIncident = new long[measuredDevices.size()];
      int n = 0;
      for (String d : measuredDevices) {
        latency[n] = told.get(d) - downAt.get(d);
        toIncident[n] = openedAt.getOrDefault(d, downAt.get(d)) - downAt.get(d);
        n++;
      }
      Arrays.sort(latency);
      Arrays.sort(toIncident);
      long firstDown = downAt.values().stream().mapToLong(Long::longValue).min().orElse(killedAt);
      long lastDown = downAt.values().stream().mapToLong(Long::longValue).max().orElse(killedAt);
      vigie.stop().await();
      vertx.close().await();
      warmTargets[0].close();
      return String.format(
          Locale.ROOT,
          "Notification: %,d checks every %d s, %,d (10 %%) failing at once; rule for 0s, group wait"
              + " %s, %s%n"
              + "| e-mails | DOWN spread (s) | result→incident p99 (ms) | result→e-mail p50 (ms)"
              + " | p99 (ms) | max (ms) | kill→last e-mail (s) |%n"
              + "|---:|---:|---:|---:|---:|---:|---:|%n"
              + "| %,d | %.1f | %,.0f | %,.0f | %,.0f | %,.0f | %.1f |%n",
          checks,
          interval.toSeconds(),
          measuredDevices.size(),
          groupWait.toMillis() + " ms",
          warmUp ? "after a warm-up failure and recovery of 5 %" : "cold JVM",
          messages,
          (lastDown - firstDown) / 1e9,
          pct(toIncident, 0.99),
          pct(latency, 0.50),
          pct(latency, 0.99),
          latency[latency.length - 1] / 1e6,
          (lastMail - killedAt) / 1e9);
    }
  }

  /** The alerting section, read from YAML as a DSI would write it. */
  private AlertingSettings alerting(Inventory inventory, int smtpPort) {
    String yaml =
        """
        communes:
          - id: bench
            name: Bench
        alerting:
          rules:
            - name: bench-server-down
              on: device
              device-kind: server
              severity: critical
              for: 0s
          notify:
            group-wait: %dms
            repeat-interval: 0s
          routes:
            - name: dsi
              email: [dsi@bench.example]
          email:
            host: 127.0.0.1
            port: %d
            tls: none
            from: Vigie <vigie@bench.example>
        """
            .formatted(groupWait.toMillis(), smtpPort);
    LoadResult result = new InventoryLoader(ProbeKinds.schemas()).load("notify-bench.yaml", yaml);
    List<Problem> problems = new ArrayList<>(result.problems());
    ConfigNode node = result.section("alerting").withProblems(problems);
    AlertingSettings s = AlertingSettings.read(node, inventory, Path.of("."), Map.of());
    if (!problems.isEmpty()) {
      throw new IllegalStateException("bench configuration: " + problems);
    }
    return s;
  }

  /** The first acceptance instant of each device named in messages from index {@code from}. */
  private static Map<String, Long> mentioned(List<SmtpSink.Accepted> accepted, int from) {
    Map<String, Long> out = new HashMap<>();
    for (int i = from; i < accepted.size(); i++) {
      SmtpSink.Accepted a = accepted.get(i);
      // Quoted-printable soft line breaks may cut an incident id.
      Matcher m = DEVICE.matcher(a.data().replace("=\r\n", ""));
      while (m.find()) {
        out.putIfAbsent(m.group(1), a.nanos());
      }
    }
    return out;
  }

  private static void waitFor(java.util.function.BooleanSupplier ok, Duration max, String what)
      throws InterruptedException {
    waitFor(ok, max, what, () -> "");
  }

  private static void waitFor(
      java.util.function.BooleanSupplier ok,
      Duration max,
      String what,
      java.util.function.Supplier<String> state)
      throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (!ok.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("not within " + max + ": " + what + " " + state.get());
      }
      Thread.sleep(20);
    }
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
  }
}
