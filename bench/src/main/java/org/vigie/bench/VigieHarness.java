package org.vigie.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.vigie.aggregator.AggregatorVerticle;
import org.vigie.aggregator.Hysteresis;
import org.vigie.aggregator.StateChange;
import org.vigie.aggregator.StateChangeCodec;
import org.vigie.aggregator.VigieMetrics;
import org.vigie.inventory.Check;
import org.vigie.inventory.Inventory;
import org.vigie.probe.ProbeKinds;
import org.vigie.probe.ProbeResult;
import org.vigie.probe.ProbeResultCodec;
import org.vigie.probe.ProbeRunner;

/**
 * Vigie's probe pipeline without the scheduler's clock: runs probes back to back at a fixed
 * concurrency, each result going over the event bus to the aggregator (state with hysteresis and
 * Prometheus metrics), as in production.
 */
final class VigieHarness implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final VigieMetrics metrics = new VigieMetrics();
  private final ProbeRunner runner = new ProbeRunner(ProbeKinds.standard(vertx), Clock.systemUTC());
  private final List<Check> checks;
  private final long[] failed = new long[1];

  VigieHarness(Inventory inventory) {
    this.checks = inventory.checks();
    vertx.eventBus().registerDefaultCodec(ProbeResult.class, new ProbeResultCodec());
    vertx.eventBus().registerDefaultCodec(StateChange.class, new StateChangeCodec());
    vertx
        .deployVerticle(
            new AggregatorVerticle(inventory, Hysteresis.defaults(), metrics, Clock.systemUTC()))
        .await();
  }

  /** Runs {@code total} probes, {@code concurrency} at a time; returns how many succeeded. */
  long run(int total, int concurrency) throws Exception {
    double before = runs();
    Context ctx = vertx.getOrCreateContext();
    Promise<Long> done = Promise.promise();
    long[] state = new long[3]; // started, finished, succeeded
    failed[0] = 0;
    ctx.runOnContext(
        v -> {
          for (int i = 0; i < concurrency && state[0] < total; i++) {
            next(ctx, state, total, done);
          }
        });
    long ok;
    try {
      // Bounded: a probe that never completes must show up as a message, not as a hung run.
      ok = done.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "probes not all completed within 10 min: started "
              + state[0]
              + ", completed "
              + state[1]
              + " of "
              + total
              + " (a probe future that never completes: take a jstack of this process)");
    }
    // Wait until the aggregator has taken every published result: part of the pipeline's cost.
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (runs() - before < total - failed[0]) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the aggregator counted "
                + (long) (runs() - before)
                + " of "
                + (total - failed[0])
                + " published results within 1 min");
      }
      Thread.sleep(1);
    }
    return ok;
  }

  private void next(Context ctx, long[] state, int total, Promise<Long> done) {
    Check c = checks.get((int) (state[0]++ % checks.size()));
    Future<ProbeResult> f = runner.run(c, Instant.now());
    f.onComplete(
        ar ->
            ctx.runOnContext(
                v -> {
                  state[1]++;
                  if (ar.succeeded()) {
                    if (ar.result().success()) {
                      state[2]++;
                    }
                    vertx.eventBus().publish(ProbeResult.ADDRESS, ar.result());
                  } else {
                    failed[0]++; // not published: the aggregator will not count it
                  }
                  if (state[0] < total) {
                    next(ctx, state, total, done);
                  } else if (state[1] == total) {
                    done.tryComplete(state[2]);
                  }
                }));
  }

  private double runs() {
    double sum = 0;
    for (String kind : List.of("tcp", "http")) {
      for (String outcome : List.of("up", "down", "degraded")) {
        Double v =
            metrics
                .registry()
                .getSampleValue(
                    "vigie_probe_runs_total",
                    new String[] {"kind", "outcome"},
                    new String[] {kind, outcome});
        sum += v == null ? 0 : v;
      }
    }
    return sum;
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
