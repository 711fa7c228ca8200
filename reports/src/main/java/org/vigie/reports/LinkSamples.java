package org.vigie.reports;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Link-probe samples held in memory, as a {@link LinkQualitySource}: for tests, the benchmark, and
 * installations without a time-series store. Median and percentile follow InfluxQL's {@code
 * median()} (the mean of the two middle values for an even count) and {@code percentile()} (the
 * value at rank {@code floor(n × p / 100 + 0.5)}), so both sources give the same figures; the
 * series has one median per {@code slot}.
 */
public final class LinkSamples implements LinkQualitySource {
  /** One link-probe run: its average RTT and loss ratio. */
  public record Sample(Instant at, Duration rtt, double loss) {}

  private final Map<String, List<Sample>> bySchool = new HashMap<>();
  private final Duration slot;

  public LinkSamples(Duration slot) {
    this.slot = slot;
  }

  public LinkSamples add(String schoolId, Sample sample) {
    bySchool.computeIfAbsent(schoolId, k -> new ArrayList<>()).add(sample);
    return this;
  }

  @Override
  public Future<Map<String, LinkStats>> linkStats(
      Collection<String> schoolIds, Instant from, Instant to) {
    Map<String, LinkStats> out = new HashMap<>();
    for (String id : schoolIds) {
      List<Sample> in =
          bySchool.getOrDefault(id, List.of()).stream()
              .filter(s -> !s.at().isBefore(from) && s.at().isBefore(to))
              .toList();
      if (in.isEmpty()) {
        continue;
      }
      List<Duration> rtts = in.stream().map(Sample::rtt).sorted().toList();
      double loss = in.stream().mapToDouble(Sample::loss).average().orElse(0);
      TreeMap<Instant, List<Duration>> slots = new TreeMap<>();
      long slotMs = slot.toMillis();
      for (Sample s : in) {
        // Slots aligned on the epoch, as InfluxDB's GROUP BY time().
        long k = Math.floorDiv(s.at().toEpochMilli(), slotMs) * slotMs;
        slots.computeIfAbsent(Instant.ofEpochMilli(k), x -> new ArrayList<>()).add(s.rtt());
      }
      List<LinkQuality.Point> series = new ArrayList<>();
      slots.forEach(
          (at, list) ->
              series.add(new LinkQuality.Point(at, median(list.stream().sorted().toList()))));
      out.put(id, new LinkStats(in.size(), median(rtts), percentile(rtts, 95), loss, series));
    }
    return Future.succeededFuture(out);
  }

  /** InfluxQL's median of sorted values. */
  static Duration median(List<Duration> sorted) {
    int n = sorted.size();
    return n % 2 == 1
        ? sorted.get(n / 2)
        : sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2);
  }

  /** InfluxQL's percentile of sorted values. */
  static Duration percentile(List<Duration> sorted, int p) {
    int rank = (int) Math.floor(sorted.size() * p / 100.0 + 0.5);
    return sorted.get(Math.min(sorted.size(), Math.max(1, rank)) - 1);
  }
}
