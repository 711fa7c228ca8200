package org.vigie.bench;

import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.vigie.aggregator.Hysteresis;
import org.vigie.aggregator.StoreOptions;
import org.vigie.probe.SchedulerListener;
import org.vigie.probe.SchedulerOptions;
import org.vigie.server.Vigie;
import org.vigie.server.VigieSettings;

/**
 * The whole of Vigie (scheduler, TCP and HTTP probes, event bus, state, metrics, HTTP server) on
 * {@code checks} mixed checks at a 60 s interval, for a few minutes, against targets in another
 * process: CPU share of the machine, heap, schedule lag p50/p99.
 */
final class ScaleBench {
  private static final Duration INTERVAL = Duration.ofSeconds(60);
  private static final int MAX_SAMPLES = 1 << 21;

  private final int checks;
  private final double minutes;

  ScaleBench(int checks, double minutes) {
    this.checks = checks;
    this.minutes = minutes;
  }

  String run() throws Exception {
    AtomicLongArray lags = new AtomicLongArray(MAX_SAMPLES);
    AtomicInteger samples = new AtomicInteger();
    AtomicInteger skipped = new AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean measuring =
        new java.util.concurrent.atomic.AtomicBoolean();
    SchedulerListener recorder =
        new SchedulerListener() {
          @Override
          public void started(String checkKey, Duration lag) {
            if (measuring.get()) {
              int i = samples.getAndIncrement();
              if (i < MAX_SAMPLES) {
                lags.set(i, lag.toNanos());
              }
            }
          }

          @Override
          public void skippedOverrun(String checkKey) {
            skipped.incrementAndGet();
          }
        };
    try (Targets targets = Targets.start()) {
      var inventory = Estates.mixed(checks, 10, 0.4, INTERVAL, targets);
      Vertx vertx = Vertx.vertx();
      var settings =
          new VigieSettings(
              "127.0.0.1",
              0,
              new SchedulerOptions(1000, 4, SchedulerOptions.DEFAULT_JITTER),
              Hysteresis.defaults(),
              new StoreOptions()
                  .setUrl(
                      "jdbc:sqlite:"
                          + java.nio.file.Files.createTempDirectory("vigie-bench")
                              .resolve("vigie.db")),
              java.util.Optional.empty(),
              org.vigie.alerting.AlertingSettings.defaults(),
              org.vigie.inventory.calendar.FrenchSchoolCalendar.defaults());
      Vigie vigie =
          new Vigie(vertx, inventory, settings, Clock.systemUTC(), java.util.Map.of(), recorder)
              .start()
              .await();
      // Warm-up: half an interval of steady flow (spread start, JIT) before measuring.
      Thread.sleep(30_000);
      measuring.set(true);
      double cpu0 = ProcessCpu.self();
      long t0 = System.nanoTime();
      long maxHeap = 0;
      long end = t0 + (long) (minutes * 60e9);
      while (System.nanoTime() < end) {
        Thread.sleep(1000);
        Runtime rt = Runtime.getRuntime();
        maxHeap = Math.max(maxHeap, rt.totalMemory() - rt.freeMemory());
      }
      double wall = (System.nanoTime() - t0) / 1e9;
      double cpu = ProcessCpu.self() - cpu0;
      measuring.set(false);
      String scrape = vigie.metrics().scrape();
      long up =
          scrape
              .lines()
              .filter(l -> l.startsWith("vigie_probe_success{") && l.endsWith(" 1.0"))
              .count();
      vigie.stop().await();
      vertx.close().await();
      int n = Math.min(samples.get(), MAX_SAMPLES);
      long[] sorted = new long[n];
      for (int i = 0; i < n; i++) {
        sorted[i] = lags.get(i);
      }
      Arrays.sort(sorted);
      int cores = Runtime.getRuntime().availableProcessors();
      return String.format(
          Locale.ROOT,
          "Scale: %,d checks (60%% TCP, 40%% HTTP) every %ds, measured %.0f s after a 30 s warm-up%n"
              + "| runs | runs/s | CPU s | CPU share of %d cores | heap used max (MiB) | heap after GC, old gen (MiB) | lag p50 (ms) | lag p99 (ms) | lag max (ms) | overruns | checks up at end |%n"
              + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n"
              + "| %,d | %,.0f | %.1f | %.1f %% | %d | %d | %.2f | %.2f | %.1f | %d | %,d |%n",
          checks,
          INTERVAL.toSeconds(),
          wall,
          cores,
          n,
          n / wall,
          cpu,
          100 * cpu / (wall * cores),
          maxHeap >> 20,
          oldGenAfterGc() >> 20,
          pct(sorted, 0.50),
          pct(sorted, 0.99),
          n == 0 ? 0 : sorted[n - 1] / 1e6,
          skipped.get(),
          up);
    }
  }

  private static double pct(long[] sorted, double p) {
    return sorted.length == 0
        ? 0
        : sorted[(int) Math.min(sorted.length - 1, p * sorted.length)] / 1e6;
  }

  private static long oldGenAfterGc() {
    long max = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
        if (pool.getName().contains("Old")) {
          max = Math.max(max, pool.getCollectionUsage().getUsed());
        }
      }
    }
    return max;
  }
}
