package org.vigie.alerting.ticket;

import io.vertx.core.Vertx;
import java.time.Clock;
import org.vigie.alerting.outbox.Outbox;
import org.vigie.alerting.ticket.glpi.GlpiV1Helpdesk;
import org.vigie.alerting.ticket.glpi.GlpiV2Helpdesk;
import org.vigie.alerting.ticket.relay.RelayHelpdesk;

/** Builds the {@link Helpdesk} the settings name. */
public final class Helpdesks {
  private Helpdesks() {}

  /**
   * @param clock tells the GLPI v2 client when its OAuth token is due for renewal
   */
  public static Helpdesk create(
      Vertx vertx, HelpdeskSettings settings, Outbox outbox, Clock clock) {
    return switch (settings.system()) {
      case "email" -> RelayHelpdesk.email(outbox, settings.mailTo());
      case "webhook" -> RelayHelpdesk.webhook(outbox);
      default ->
          settings.version() == 2
              ? new GlpiV2Helpdesk(vertx, settings, clock)
              : new GlpiV1Helpdesk(vertx, settings);
    };
  }
}
