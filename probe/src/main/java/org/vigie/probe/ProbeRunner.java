package org.vigie.probe;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.vigie.inventory.Check;

/**
 * The shared frame around every probe: looks the kind up, applies the timeout, measures the
 * duration and turns anything unexpected (an exception, a failed future, a timeout) into a DOWN
 * result with a reason. Never returns a failed future.
 */
public final class ProbeRunner {
  private final ProbeRegistry registry;
  private final Clock clock;

  public ProbeRunner(ProbeRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /** Runs one check now. {@code plannedAt} is when the scheduler meant to run it. */
  public Future<ProbeResult> run(Check check, Instant plannedAt) {
    Instant startedAt = clock.instant();
    long t0 = System.nanoTime();
    Duration timeout = check.spec().timeout();
    String kindName = check.spec().kind();
    Future<Observation> observed;
    var kind = registry.kind(kindName);
    if (kind.isEmpty()) {
      observed = Future.succeededFuture(Observation.down("unknown probe kind '" + kindName + "'"));
    } else {
      try {
        observed =
            kind.get()
                .probe()
                .probe(check, new ProbeContext(timeout))
                // A small grace lets a probe report its own, more precise timeout reason first.
                .timeout(timeout.toMillis() + 250, TimeUnit.MILLISECONDS);
      } catch (RuntimeException e) {
        observed = Future.failedFuture(e);
      }
    }
    return observed
        .recover(e -> Future.succeededFuture(Observation.down(describe(e, timeout))))
        .map(
            o ->
                new ProbeResult(
                    check.key(),
                    kindName,
                    o.outcome(),
                    o.reason(),
                    plannedAt,
                    startedAt,
                    Duration.ofNanos(System.nanoTime() - t0),
                    o.figures()));
  }

  private static String describe(Throwable e, Duration timeout) {
    if (e instanceof java.util.concurrent.TimeoutException) {
      return "no answer within " + timeout.toMillis() + " ms";
    }
    String msg = e.getMessage();
    return e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
  }
}
