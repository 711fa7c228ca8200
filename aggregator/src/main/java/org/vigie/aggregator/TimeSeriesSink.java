package org.vigie.aggregator;

import io.vertx.core.Future;
import org.vigie.inventory.Check;
import org.vigie.probe.ProbeResult;

/**
 * Where probe results, state changes and incident events go as time series. {@code accept} methods
 * never block: they enqueue and return; writing happens elsewhere (see {@link InfluxSink}).
 */
public interface TimeSeriesSink {

  /** Prepares the sink (storage, schema); completes once it accepts points. */
  Future<Void> start();

  /** Enqueues one probe result of {@code check}. Non-blocking, callable from any thread. */
  void accept(ProbeResult result, Check check);

  /** Enqueues one state change of {@code check} (Grafana annotations). Non-blocking. */
  void accept(StateChange change, Check check);

  /** Enqueues one incident event (Grafana annotations). Non-blocking, callable from any thread. */
  void accept(IncidentPoint point);

  /** Flushes what was accepted (to the store, or to durable storage if the store is away). */
  Future<Void> stop();
}
