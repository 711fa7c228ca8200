package org.vigie.alerting.ticket;

import io.vertx.core.Vertx;
import org.vigie.alerting.outbox.Outbox;
import org.vigie.alerting.ticket.glpi.GlpiV1Helpdesk;
import org.vigie.alerting.ticket.relay.RelayHelpdesk;

/** Builds the {@link Helpdesk} the settings name. */
public final class Helpdesks {
  private Helpdesks() {}

  public static Helpdesk create(Vertx vertx, HelpdeskSettings settings, Outbox outbox) {
    return switch (settings.system()) {
      case "email" -> RelayHelpdesk.email(outbox, settings.mailTo());
      case "webhook" -> RelayHelpdesk.webhook(outbox);
      default -> {
        if (settings.version() != 1) {
          throw new IllegalArgumentException("GLPI API version 2 is not supported yet");
        }
        yield new GlpiV1Helpdesk(vertx, settings);
      }
    };
  }
}
