package org.vigie.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigie.inventory.Check;

@Timeout(30)
class ProbeSchedulerTest {
  private final Vertx vertx = Vertx.vertx();
  private final List<Long> starts = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicInteger overlaps = new AtomicInteger();
  private final AtomicInteger skipped = new AtomicInteger();
  private final List<ProbeResult> results = new CopyOnWriteArrayList<>();

  private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();

  {
    vertx.exceptionHandler(uncaught::add);
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
    // A scheduler bug shows up as an exception on the event loop, not in the test thread.
    assertThat(uncaught).isEmpty();
  }

  /** A probe kind that takes {@code busyMs} and records concurrency. */
  private ProbeRegistry recordingRegistry(long busyMs) {
    return new ProbeRegistry()
        .register(
            new ProbeKind(
                "fake",
                new org.vigie.inventory.CheckKindSchema(Map.of(), java.util.Set.of()),
                (check, ctx) -> {
                  starts.add(System.nanoTime());
                  if (running
                          .computeIfAbsent(check.key(), k -> new AtomicInteger())
                          .incrementAndGet()
                      > 1) {
                    overlaps.incrementAndGet();
                  }
                  maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                  Promise<Observation> p = Promise.promise();
                  vertx.setTimer(
                      busyMs,
                      id -> {
                        inFlight.decrementAndGet();
                        running.get(check.key()).decrementAndGet();
                        p.complete(Observation.up(Map.of()));
                      });
                  return p.future();
                }));
  }

  private ProbeScheduler scheduler(ProbeRegistry registry, SchedulerOptions options) {
    return new ProbeScheduler(
        vertx,
        new ProbeRunner(registry, Clock.systemUTC()),
        options,
        Clock.systemUTC(),
        new SplittableRandom(1),
        results::add,
        new SchedulerListener() {
          @Override
          public void skippedOverrun(String checkKey) {
            skipped.incrementAndGet();
          }
        });
  }

  private static List<Check> checks(int n, String school, Duration interval) {
    List<Check> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          TestChecks.check(
              school,
              "d" + i,
              "127.0.0.1",
              "c",
              "fake",
              interval,
              Duration.ofSeconds(5),
              Map.of()));
    }
    return out;
  }

  private void startOnContext(ProbeScheduler s, List<Check> checks) {
    vertx.runOnContext(v -> s.start(checks));
  }

  @Test
  void checksOfOneInterval_areSpreadEvenly_notAllAtOnce() throws Exception {
    ProbeScheduler s = scheduler(recordingRegistry(1), new SchedulerOptions(100, 100, 0));
    startOnContext(s, checks(10, "s1", Duration.ofMillis(1000)));
    Thread.sleep(950);
    vertx.runOnContext(v -> s.stop());
    List<Long> sorted = new ArrayList<>(starts);
    Collections.sort(sorted);
    assertThat(sorted).hasSize(10);
    for (int i = 1; i < sorted.size(); i++) {
      long gapMs = (sorted.get(i) - sorted.get(i - 1)) / 1_000_000;
      // 10 checks over 1 s: one every 100 ms, give or take timer resolution.
      assertThat(gapMs).isBetween(70L, 130L);
    }
  }

  @Test
  void perSchoolCap_boundsRunsInFlightAgainstOneSchool() throws Exception {
    ProbeScheduler s = scheduler(recordingRegistry(200), new SchedulerOptions(100, 2, 0));
    startOnContext(s, checks(10, "s1", Duration.ofMillis(100)));
    Thread.sleep(1500);
    vertx.runOnContext(v -> s.stop());
    assertThat(maxInFlight.get()).isEqualTo(2);
    assertThat(results).isNotEmpty();
  }

  @Test
  void globalCap_boundsRunsInFlightAcrossSchools() throws Exception {
    ProbeScheduler s = scheduler(recordingRegistry(200), new SchedulerOptions(3, 100, 0));
    List<Check> all = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      all.addAll(checks(2, "s" + i, Duration.ofMillis(100)));
    }
    startOnContext(s, all);
    Thread.sleep(1500);
    vertx.runOnContext(v -> s.stop());
    assertThat(maxInFlight.get()).isEqualTo(3);
  }

  @Test
  void runsQueuedBehindTheCaps_allRun_schoolAfterSchool() throws Exception {
    // 12 checks, 100 ms apart, 150 ms each; a school's three checks are adjacent in the plan,
    // so the per-school cap of 1 makes the second and third wait.
    ProbeScheduler s = scheduler(recordingRegistry(150), new SchedulerOptions(2, 1, 0));
    List<Check> all = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      all.addAll(checks(3, "s" + i, Duration.ofMillis(1200)));
    }
    startOnContext(s, all);
    Thread.sleep(1150);
    vertx.runOnContext(v -> s.stop());
    Thread.sleep(1000);
    assertThat(results).hasSize(12);
    assertThat(maxInFlight.get()).isLessThanOrEqualTo(2);
    // Queued runs started late, and say so.
    assertThat(results)
        .anyMatch(r -> Duration.between(r.plannedAt(), r.startedAt()).toMillis() >= 40);
  }

  @Test
  void slowCheck_neverOverlapsItself_andOverrunsAreCounted() throws Exception {
    ProbeScheduler s = scheduler(recordingRegistry(250), new SchedulerOptions(100, 100, 0));
    startOnContext(s, checks(1, "s1", Duration.ofMillis(100)));
    Thread.sleep(1200);
    vertx.runOnContext(v -> s.stop());
    assertThat(overlaps.get()).isZero();
    assertThat(skipped.get()).isGreaterThan(3);
    assertThat(starts.size()).isBetween(3, 6);
  }
}
