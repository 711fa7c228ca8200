package org.vigie.probe;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.vigie.inventory.Check;

/**
 * Runs every check at its interval. Checks of one interval are spread evenly over it (no thundering
 * herd at :00) with a little jitter; two runs of one check never overlap (a run still in flight
 * when the next is due makes that next run skipped and counted); a global cap and a per-school cap
 * bound the runs in flight, the rest wait in a per-school queue served round-robin.
 *
 * <p>One timer drives everything: a priority queue of due times, re-armed to the earliest. All
 * state is confined to the Vert.x context that called {@link #start}, so there is no locking.
 */
public final class ProbeScheduler {
  private final Vertx vertx;
  private final ProbeRunner runner;
  private final SchedulerOptions options;
  private final Clock clock;
  private final RandomGenerator random;
  private final Consumer<ProbeResult> sink;
  private final SchedulerListener listener;

  private final PriorityQueue<Entry> due =
      new PriorityQueue<>(Comparator.comparingLong(e -> e.nextNanos));
  private final Map<String, ArrayDeque<Run>> waiting = new HashMap<>();
  private final ArrayDeque<String> schoolsWaiting = new ArrayDeque<>();
  private final Map<String, Integer> inFlightBySchool = new HashMap<>();
  private int inFlight;
  private long timerId = -1;
  private boolean stopped;
  private Context context;

  public ProbeScheduler(
      Vertx vertx,
      ProbeRunner runner,
      SchedulerOptions options,
      Clock clock,
      RandomGenerator random,
      Consumer<ProbeResult> sink,
      SchedulerListener listener) {
    this.vertx = vertx;
    this.runner = runner;
    this.options = options;
    this.clock = clock;
    this.random = random;
    this.sink = sink;
    this.listener = listener;
  }

  /** Plans every check; call once, on the context the scheduler should live on. */
  public void start(List<Check> checks) {
    context = vertx.getOrCreateContext();
    long now = System.nanoTime();
    Map<Duration, List<Check>> byInterval = new HashMap<>();
    for (Check c : checks) {
      byInterval.computeIfAbsent(c.spec().interval(), k -> new ArrayList<>()).add(c);
    }
    for (var group : byInterval.entrySet()) {
      long interval = group.getKey().toNanos();
      List<Check> list = new ArrayList<>(group.getValue());
      list.sort(Comparator.comparing(Check::key));
      for (int i = 0; i < list.size(); i++) {
        // Even spread: the k-th of n checks starts k/n of the way into the interval.
        long offset = (long) ((double) interval * i / list.size());
        Entry e = new Entry(list.get(i), interval, now + offset);
        e.nextNanos = e.gridNanos + jitter(interval);
        due.add(e);
      }
    }
    arm();
  }

  /** Stops planning new runs; runs in flight finish and are still reported. */
  public void stop() {
    stopped = true;
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
  }

  /** Runs in flight now. */
  public int inFlight() {
    return inFlight;
  }

  /** Runs waiting for a free slot (global or per-school cap). */
  public int queued() {
    return waiting.values().stream().mapToInt(ArrayDeque::size).sum();
  }

  /** Number of checks planned. */
  public int planned() {
    return due.size();
  }

  private long jitter(long interval) {
    if (options.jitter() == 0) {
      return 0;
    }
    double share = (random.nextDouble() - 0.5) * options.jitter();
    return (long) (share * interval);
  }

  private void arm() {
    if (stopped || due.isEmpty()) {
      return;
    }
    long delayMs = Math.max(1, (due.peek().nextNanos - System.nanoTime()) / 1_000_000);
    timerId = vertx.setTimer(delayMs, id -> fire());
  }

  private void fire() {
    timerId = -1;
    if (stopped) {
      return;
    }
    // Half a millisecond of slack: timers have millisecond resolution.
    long now = System.nanoTime() + 500_000;
    while (!due.isEmpty() && due.peek().nextNanos <= now) {
      Entry e = due.poll();
      long planned = e.nextNanos;
      e.gridNanos += e.intervalNanos;
      e.nextNanos = e.gridNanos + jitter(e.intervalNanos);
      due.add(e);
      if (e.running || e.waiting) {
        listener.skippedOverrun(e.check.key());
        continue;
      }
      submit(new Run(e, planned));
    }
    arm();
  }

  private void submit(Run run) {
    String school = run.entry.check.device().schoolId();
    if (inFlight < options.maxConcurrency()
        && inFlightBySchool.getOrDefault(school, 0) < options.perSchoolConcurrency()) {
      launch(run);
    } else {
      run.entry.waiting = true;
      ArrayDeque<Run> q = waiting.computeIfAbsent(school, k -> new ArrayDeque<>());
      if (q.isEmpty()) {
        schoolsWaiting.add(school);
      }
      q.add(run);
    }
  }

  private void launch(Run run) {
    Entry e = run.entry;
    String school = e.check.device().schoolId();
    e.running = true;
    e.waiting = false;
    inFlight++;
    inFlightBySchool.merge(school, 1, Integer::sum);
    long lagNanos = Math.max(0, System.nanoTime() - run.plannedNanos);
    listener.started(e.check.key(), Duration.ofNanos(lagNanos));
    Instant plannedAt = clock.instant().minusNanos(lagNanos);
    runner
        .run(e.check, plannedAt)
        .onComplete(
            ar -> {
              // Probes may complete on another context (shared clients): come back to ours.
              context.runOnContext(
                  v -> {
                    e.running = false;
                    inFlight--;
                    inFlightBySchool.merge(school, -1, Integer::sum);
                    if (ar.succeeded()) {
                      sink.accept(ar.result());
                    }
                    drain();
                  });
            });
  }

  /** Starts waiting runs while slots are free, one school after another (round-robin). */
  private void drain() {
    // Stop after a full round of schools in which none could start a run.
    int idle = 0;
    while (inFlight < options.maxConcurrency()
        && !schoolsWaiting.isEmpty()
        && idle < schoolsWaiting.size()) {
      String school = schoolsWaiting.poll();
      ArrayDeque<Run> q = waiting.get(school);
      if (inFlightBySchool.getOrDefault(school, 0) < options.perSchoolConcurrency()) {
        launch(q.poll());
        idle = 0;
      } else {
        idle++;
      }
      if (!q.isEmpty()) {
        schoolsWaiting.add(school);
      } else {
        waiting.remove(school);
      }
    }
  }

  private static final class Entry {
    final Check check;
    final long intervalNanos;
    long gridNanos;
    long nextNanos;
    boolean running;
    boolean waiting;

    Entry(Check check, long intervalNanos, long gridNanos) {
      this.check = check;
      this.intervalNanos = intervalNanos;
      this.gridNanos = gridNanos;
    }
  }

  private record Run(Entry entry, long plannedNanos) {}
}
