package org.vigie.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigie.reports.ReportFixture.await;

import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigie.aggregator.InfluxOptions;
import org.vigie.aggregator.InfluxServer;
import org.vigie.reports.internal.InfluxLinkQualitySource;

/**
 * Link quality read from a real InfluxDB (Debian package {@code influxdb}, started by the test on
 * loopback) gives the same figures as the in-memory source fed the same runs.
 */
@Timeout(120)
class InfluxLinkQualityIT {
  static InfluxServer influx;
  static Vertx vertx;
  static final Instant FROM = Instant.parse("2025-09-30T22:00:00Z");
  static final Instant TO = Instant.parse("2025-10-31T23:00:00Z");

  @BeforeAll
  static void start() throws Exception {
    influx = InfluxServer.start();
    vertx = Vertx.vertx();
    influx.query("vigie", "CREATE DATABASE vigie");
  }

  @AfterAll
  static void stop() throws Exception {
    await(vertx.close());
    influx.stop();
  }

  @Test
  void monthOfLinkRuns_sameFiguresAsInMemory() throws Exception {
    LinkSamples memory = new LinkSamples(Duration.ofHours(6));
    StringBuilder lines = new StringBuilder();
    Instant t = FROM.plusSeconds(30);
    int n = 0;
    for (; t.isBefore(TO); t = t.plus(Duration.ofMinutes(17)), n++) {
      for (String school : List.of("ferry", "o'brien")) {
        double rtt = (school.equals("ferry") ? 0.010 : 0.600) + (n % 37) * 0.0005;
        double loss = n % 50 == 0 ? 0.1 : 0;
        memory.add(
            school, new LinkSamples.Sample(t, Duration.ofNanos(Math.round(rtt * 1e9)), loss));
        lines
            .append("probe_link,check=link,commune=besancon,device=rtr,school=")
            .append(school.replace("'", "'"))
            .append(" rtt_avg_seconds=")
            .append(rtt)
            .append(",loss_ratio=")
            .append(loss)
            .append(",up=1i ")
            .append(t.toEpochMilli())
            .append('\n');
      }
    }
    // A run outside the month and a school not asked for are left out.
    lines
        .append("probe_link,school=ferry rtt_avg_seconds=9,loss_ratio=1 ")
        .append(TO.toEpochMilli())
        .append('\n');
    lines
        .append("probe_link,school=other rtt_avg_seconds=9,loss_ratio=1 ")
        .append(FROM.plusSeconds(60).toEpochMilli())
        .append('\n');
    HttpResponse<String> w =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(influx.url() + "/write?db=vigie&precision=ms"))
                    .POST(HttpRequest.BodyPublishers.ofString(lines.toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(w.statusCode()).as(w.body()).isEqualTo(204);

    InfluxLinkQualitySource source =
        new InfluxLinkQualitySource(
            vertx,
            InfluxOptions.builder().url(influx.url()).database("vigie").build(),
            Duration.ofHours(6));
    try {
      Map<String, LinkStats> fromInflux =
          await(source.linkStats(List.of("ferry", "o'brien", "absent"), FROM, TO));
      Map<String, LinkStats> fromMemory =
          await(memory.linkStats(List.of("ferry", "o'brien", "absent"), FROM, TO));
      assertThat(fromInflux).containsOnlyKeys("ferry", "o'brien");
      for (String school : List.of("ferry", "o'brien")) {
        LinkStats a = fromInflux.get(school);
        LinkStats b = fromMemory.get(school);
        assertThat(a.samples()).isEqualTo(b.samples()).isEqualTo(n);
        assertThat(a.medianRtt().toNanos())
            .isCloseTo(b.medianRtt().toNanos(), org.assertj.core.data.Offset.offset(1_000L));
        assertThat(a.p95Rtt().toNanos())
            .isCloseTo(b.p95Rtt().toNanos(), org.assertj.core.data.Offset.offset(1_000L));
        assertThat(a.loss()).isCloseTo(b.loss(), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(a.series()).hasSize(b.series().size());
        assertThat(a.series().getFirst().at()).isEqualTo(b.series().getFirst().at());
      }
    } finally {
      source.close();
    }
  }
}
