package org.vigie.probe;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.vigie.inventory.Check;

/**
 * The probe stage: schedules the given checks and publishes every {@link ProbeResult} on {@link
 * ProbeResult#ADDRESS}. The {@link ProbeResultCodec} must be registered as the default codec for
 * {@code ProbeResult} on the event bus before deployment.
 */
public final class ProbeVerticle extends VerticleBase {
  private final List<Check> checks;
  private final SchedulerOptions options;
  private final Clock clock;
  private final SchedulerListener listener;
  private final Map<String, String> env;
  private ProbeScheduler scheduler;

  /**
   * @param env the process environment, where check secrets given as {@code env:NAME} are read
   */
  public ProbeVerticle(
      List<Check> checks,
      SchedulerOptions options,
      Clock clock,
      SchedulerListener listener,
      Map<String, String> env) {
    this.checks = List.copyOf(checks);
    this.options = options;
    this.clock = clock;
    this.listener = listener;
    this.env = Map.copyOf(env);
  }

  @Override
  public Future<?> start() {
    ProbeRunner runner = new ProbeRunner(ProbeKinds.standard(vertx, env), clock);
    scheduler =
        new ProbeScheduler(
            vertx,
            runner,
            options,
            clock,
            new SplittableRandom(),
            result -> {
              vertx.eventBus().publish(ProbeResult.ADDRESS, result);
              listener.published(result);
            },
            listener);
    scheduler.start(checks);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    scheduler.stop();
    return Future.succeededFuture();
  }

  /** The running scheduler, for self-metrics (in flight, queued). */
  public ProbeScheduler scheduler() {
    return scheduler;
  }
}
