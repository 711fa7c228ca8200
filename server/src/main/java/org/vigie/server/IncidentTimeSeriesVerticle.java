package org.vigie.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vigie.aggregator.IncidentPoint;
import org.vigie.aggregator.TimeSeriesSink;
import org.vigie.alerting.Incident;
import org.vigie.alerting.IncidentEvent;
import org.vigie.alerting.IncidentEvent.Type;

/**
 * Writes the incident events an operator wants on a graph ({@link #WRITTEN}) to the time series,
 * measurement {@code incident} (schema in docs/architecture.md, "Time series"), for the dashboards'
 * "Incidents" annotations. Consumes {@link IncidentEvent#ADDRESS}; the sink never blocks, so this
 * runs on an event loop. The sink is shared with the {@code TimeSeriesVerticle}, which starts and
 * stops it: deploy this one after it.
 */
public final class IncidentTimeSeriesVerticle extends VerticleBase {
  /**
   * The event types written. Left out: UPDATED (devices joining or leaving an incident, often and
   * in bursts: noise on a graph), NOTE (prose for the incident's timeline), MUTED and UNMUTED (a
   * maintenance window or silence, not a change of the service).
   */
  public static final Set<Type> WRITTEN =
      EnumSet.of(
          Type.OPENED,
          Type.REOPENED,
          Type.ACKNOWLEDGED,
          Type.ESCALATED,
          Type.FLAPPING,
          Type.SETTLED,
          Type.RESOLVED);

  private static final String VIGIE_ACTOR = "vigie";

  private final TimeSeriesSink sink;
  private MessageConsumer<IncidentEvent> consumer;

  public IncidentTimeSeriesVerticle(TimeSeriesSink sink) {
    this.sink = sink;
  }

  @Override
  public Future<?> start() {
    consumer =
        vertx
            .eventBus()
            .<IncidentEvent>consumer(
                IncidentEvent.ADDRESS, m -> point(m.body()).ifPresent(sink::accept));
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    return consumer.unregister();
  }

  /**
   * The point for an event, if its type is written: tags {@code commune}, {@code school} (absent
   * for an upstream incident), {@code severity}, {@code scope}, {@code event} and {@code
   * fingerprint} (the root cause: two incidents opened at the same millisecond in one school would
   * otherwise be one series and one timestamp, and InfluxDB would keep only the last); fields
   * {@code id}, {@code title}, {@code text}, and {@code duration_s} on RESOLVED.
   */
  static Optional<IncidentPoint> point(IncidentEvent e) {
    Incident i = e.incident();
    if (!WRITTEN.contains(e.type()) || i == null) {
      return Optional.empty();
    }
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("commune", i.communeId());
    tags.put("school", i.schoolId());
    tags.put("severity", i.severity().name());
    tags.put("scope", i.scope().name());
    tags.put("event", e.type().name());
    tags.put("fingerprint", i.fingerprint());
    String title = e.type() + " " + i.severity() + " " + i.fingerprint();
    Duration lasted =
        e.type() == Type.RESOLVED && i.openedAt() != null && !e.at().isBefore(i.openedAt())
            // Between the millisecond times, as stored: the figure matches what a query subtracts.
            ? Duration.ofMillis(e.at().toEpochMilli() - i.openedAt().toEpochMilli())
            : null;
    return Optional.of(new IncidentPoint(e.at(), tags, i.id(), title, text(e, i), lasted));
  }

  /** The cause, then what this event adds (unless it repeats the cause), then who did it. */
  private static String text(IncidentEvent e, Incident i) {
    StringBuilder b = new StringBuilder(i.cause() == null ? "" : i.cause());
    String detail = e.detail();
    if (detail != null && !detail.isBlank() && !detail.equals(i.cause())) {
      b.append(b.isEmpty() ? "" : " — ").append(detail);
    }
    if (e.actor() != null && !e.actor().equals(VIGIE_ACTOR)) {
      b.append(" (").append(e.actor()).append(')');
    }
    if (i.muted()) {
      b.append(" [muted]");
    }
    return b.toString();
  }
}
