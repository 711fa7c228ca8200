package org.vigie.alerting.notify;

import static org.vigie.alerting.notify.Incidents.event;

import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigie.alerting.AlertingFixtures;
import org.vigie.alerting.Incident;
import org.vigie.alerting.IncidentEvent;
import org.vigie.alerting.IncidentScope;
import org.vigie.alerting.IncidentStatus;
import org.vigie.alerting.Severity;

/**
 * 10,000 checks, 10 % failing at once: 1,000 CRITICAL check incidents over the 110 schools are
 * published together; measures, per e-mail, the time from the publication of its first incident to
 * GreenMail's acceptance (seen by polling every 2 ms), and counts the messages. Group wait 0 (the
 * pipeline's own cost; a configured group wait adds itself). Not a test: run by hand, see
 * docs/benchmarks.md.
 */
public final class NotifyBenchmark {
  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("notify-bench");
    Route all =
        new Route(
            "all",
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            null,
            null,
            List.of("astreinte@dsi.example"),
            false,
            false,
            false,
            false,
            false);
    NotifySettings s = NotifySettings.of(List.of(all)).withGroupWait(Duration.ZERO);
    try (NotifyHarness h =
        new NotifyHarness(dir, s, AlertingFixtures.ALWAYS_OPEN, Clock.systemUTC())) {
      List<IncidentEvent> events = new ArrayList<>();
      Instant now = Instant.now();
      for (int i = 0; i < 1000; i++) {
        String school = String.format("s%03d", i % 110 + 1);
        String key = school + "/dev" + (i / 110) + "/http";
        Incident inc =
            new Incident(
                "check:" + key + "@" + now.toEpochMilli(),
                "check:" + key,
                IncidentScope.CHECK,
                Severity.CRITICAL,
                IncidentStatus.OPEN,
                "c1",
                school,
                key,
                "check-down",
                "HTTP 503",
                List.of(key),
                now,
                null,
                null,
                null,
                false,
                false);
        events.add(event(IncidentEvent.Type.OPENED, 1, inc, now));
      }
      long t0 = System.nanoTime();
      events.forEach(h::publish);
      Map<String, Long> seen = new HashMap<>();
      long deadline = t0 + Duration.ofSeconds(120).toNanos();
      while (seen.size() < 110 && System.nanoTime() < deadline) {
        for (MimeMessage m : h.mails()) {
          seen.putIfAbsent(m.getMessageID(), System.nanoTime() - t0);
        }
        Thread.sleep(2);
      }
      Thread.sleep(2000);
      long[] ms = seen.values().stream().mapToLong(n -> n / 1_000_000).sorted().toArray();
      System.out.printf(
          "incident events: %d, e-mails accepted: %d (expected 110, one per school)%n",
          events.size(), h.mails().length);
      System.out.printf(
          "event -> SMTP accepted: p50 %d ms, p99 %d ms, max %d ms%n",
          ms[ms.length / 2], ms[(int) Math.ceil(ms.length * 0.99) - 1], ms[ms.length - 1]);
      System.out.println("all latencies (ms): " + Arrays.toString(ms));
    }
  }
}
