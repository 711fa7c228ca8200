package org.vigie.alerting;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.vigie.aggregator.StateStore;
import org.vigie.alerting.email.EmailDeliverer;
import org.vigie.alerting.notify.NotificationVerticle;
import org.vigie.alerting.notify.TimelineDeliverer;
import org.vigie.alerting.outbox.Outbox;
import org.vigie.alerting.sms.SmsDeliverer;
import org.vigie.alerting.ticket.Helpdesk;
import org.vigie.alerting.ticket.Helpdesks;
import org.vigie.alerting.ticket.TicketDeliverer;
import org.vigie.alerting.ticket.TicketVerticle;
import org.vigie.alerting.webhook.WebhookDeliverer;
import org.vigie.inventory.Inventory;
import org.vigie.inventory.SchoolCalendar;

/**
 * The alerting stage as one running unit: the channels' deliverers registered on the outbox, then
 * the consumers of incident events (notification, helpdesk tickets), then the incident engine that
 * produces them, so that no event is published before everything that handles it listens; last the
 * {@code timeline} channel, which hands the notifier's escalations to the incident engine (its
 * entries wait in the outbox until the engine runs).
 *
 * <p>The caller registers {@link IncidentEventCodec} on the event bus and owns the store and the
 * outbox (they outlive this stage: {@link #stop()} leaves them open).
 */
public final class Alerting {
  /** The outbox channel of e-mails (notification, e-mail-to-ticket, SMS fallback, reports). */
  public static final String EMAIL = "email";

  private final Vertx vertx;
  private final List<String> deployments = new ArrayList<>();
  private final List<Supplier<Future<Void>>> closers = new ArrayList<>();
  private IncidentVerticle incidents;
  private final IncidentMetrics metrics = new IncidentMetrics();
  private io.vertx.core.eventbus.MessageConsumer<IncidentEvent> metricsFeed;
  private TimelineDeliverer timeline;

  private Alerting(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Starts the stage; fails (after undoing what started) if any part cannot start. */
  public static Future<Alerting> start(
      Vertx vertx,
      Inventory inventory,
      AlertingSettings settings,
      SchoolCalendar calendar,
      StateStore store,
      Outbox outbox,
      Clock clock) {
    Alerting a = new Alerting(vertx);
    settings
        .email()
        .ifPresent(
            s -> {
              EmailDeliverer d = new EmailDeliverer(vertx, s);
              outbox.register(EMAIL, d);
              a.closers.add(d::close);
            });
    settings
        .sms()
        .ifPresent(
            s -> {
              SmsDeliverer d = new SmsDeliverer(vertx, s, outbox, store, clock);
              outbox.register(SmsDeliverer.CHANNEL, d);
              a.closers.add(d::close);
            });
    settings
        .webhook()
        .ifPresent(
            s -> {
              WebhookDeliverer d = new WebhookDeliverer(vertx, s);
              outbox.register(WebhookDeliverer.CHANNEL, d);
              a.closers.add(d::close);
            });
    Future<Void> chain = Future.succeededFuture();
    if (settings.helpdesk().isPresent()) {
      var s = settings.helpdesk().get();
      Helpdesk helpdesk = Helpdesks.create(vertx, s, outbox, clock);
      outbox.register(TicketVerticle.CHANNEL, new TicketDeliverer(helpdesk, store, clock));
      a.closers.add(helpdesk::close);
      chain = chain.compose(v -> a.deploy(new TicketVerticle(s, outbox, store, inventory, clock)));
    }
    a.incidents =
        new IncidentVerticle(
            inventory, settings.rules(), settings.mutes(), IncidentStore.of(store), clock);
    return chain
        .compose(
            v ->
                a.deploy(
                    new NotificationVerticle(
                        settings.notification(), store, outbox, calendar, inventory, clock)))
        .compose(
            v -> {
              a.metricsFeed =
                  vertx
                      .eventBus()
                      .<IncidentEvent>localConsumer(
                          IncidentEvent.ADDRESS, m -> a.metrics.accept(m.body()));
              return a.deploy(a.incidents);
            })
        .compose(v -> a.incidents.service().openIncidents())
        .map(
            open -> {
              a.metrics.load(open);
              a.timeline = new TimelineDeliverer(a.incidents.service());
              outbox.register(TimelineDeliverer.CHANNEL, a.timeline);
              return a;
            })
        .recover(e -> a.stop().transform(ar -> Future.failedFuture(e)));
  }

  private Future<Void> deploy(io.vertx.core.Deployable verticle) {
    return vertx.deployVerticle(verticle).map(id -> deployments.add(id)).mapEmpty();
  }

  /** Acknowledge, note, resolve, silence; the open incidents and their timelines. */
  public IncidentService incidents() {
    return incidents.service();
  }

  /** {@code vigie_incidents_open}, for the Prometheus registry. */
  public IncidentMetrics metrics() {
    return metrics;
  }

  /** Undeploys producers first, then closes the channels' clients. */
  public Future<Void> stop() {
    if (timeline != null) {
      timeline.close(); // the outbox outlives this stage: its entries wait for the next start
    }
    Future<Void> chain = metricsFeed == null ? Future.succeededFuture() : metricsFeed.unregister();
    for (String id : deployments.reversed()) {
      chain = chain.compose(v -> vertx.undeploy(id));
    }
    for (Supplier<Future<Void>> c : closers) {
      chain = chain.compose(v -> c.get().recover(e -> Future.succeededFuture()));
    }
    return chain.onComplete(ar -> deployments.clear());
  }
}
